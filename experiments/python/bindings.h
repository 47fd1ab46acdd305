// The `edgetune` Python module's contents: surfaces (knobs, metrics as numpy
// arrays), goals, the replay device, the oracle, runs of registered or
// Python optimizers scored by the C++ run loop, and the optimizer list.
// experiments/python/README.md is the guide.
#ifndef EDGETUNE_EXPERIMENTS_PYTHON_BINDINGS_H_
#define EDGETUNE_EXPERIMENTS_PYTHON_BINDINGS_H_

#include <pybind11/pybind11.h>

namespace experiments::python {

void define_module(pybind11::module_& m);

}  // namespace experiments::python

#endif  // EDGETUNE_EXPERIMENTS_PYTHON_BINDINGS_H_
