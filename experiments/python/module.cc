// The `edgetune` Python module (build/python/edgetune*.so).
#include <pybind11/pybind11.h>

#include "experiments/python/bindings.h"
#include "experiments/python/python_optimizer.h"

PYBIND11_MODULE(edgetune, m) {
  experiments::python::define_module(m);
  experiments::python::install_python_optimizers();
}
