// The `edgetune` module inside the edgetune binary's interpreter: a Python
// optimizer run by `edgetune run` or `sweep` that imports edgetune gets the
// same types the C++ side passes it.
#include <pybind11/embed.h>

#include "experiments/python/bindings.h"
#include "experiments/python/python_optimizer.h"

PYBIND11_EMBEDDED_MODULE(edgetune, m) {
  // Kept for the life of the process: the module's functions refer to it.
  static const experiments::OptimizerFactory optimizers(
      {experiments::python::python_optimizer_plugin()});
  experiments::python::define_module(m, optimizers);
}
