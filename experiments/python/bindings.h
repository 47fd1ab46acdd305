// The `edgetune` Python module's contents: surfaces (knobs, metrics as numpy
// arrays), goals, the replay device, the oracle, runs of registered or
// Python optimizers scored by the C++ run loop, and the optimizer list.
// experiments/python/README.md is the guide.
#ifndef EDGETUNE_EXPERIMENTS_PYTHON_BINDINGS_H_
#define EDGETUNE_EXPERIMENTS_PYTHON_BINDINGS_H_

#include <pybind11/pybind11.h>

#include "experiments/run/optimizer_factory.h"

namespace experiments::python {

// `optimizers` makes the optimizers edgetune.run() is given by name; it
// must outlive the module (a static of the module's init).
void define_module(pybind11::module_& m, const OptimizerFactory& optimizers);

}  // namespace experiments::python

#endif  // EDGETUNE_EXPERIMENTS_PYTHON_BINDINGS_H_
