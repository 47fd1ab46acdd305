// The `edgetune` Python module (build/python/edgetune*.so).
#include <pybind11/pybind11.h>

#include "experiments/python/bindings.h"
#include "experiments/python/python_optimizer.h"

PYBIND11_MODULE(edgetune, m) {
  // Kept for the life of the process: the module's functions refer to it.
  static const experiments::OptimizerFactory optimizers(
      {experiments::python::python_optimizer_plugin()});
  experiments::python::define_module(m, optimizers);
}
