// The `edgetune` module inside the edgetune binary's interpreter: a Python
// optimizer run by `edgetune run` or `sweep` that imports edgetune gets the
// same types the C++ side passes it.
#include <pybind11/embed.h>

#include "experiments/python/bindings.h"

PYBIND11_EMBEDDED_MODULE(edgetune, m) { experiments::python::define_module(m); }
