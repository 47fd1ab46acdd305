// The `edgetune` module's verdicts: load_results() (a sweep's tables as
// pandas DataFrames), compare() (`edgetune compare`'s tables and verdict)
// and the `edgetune.stats` submodule (the tests behind them, which
// tests/python/test_stats.py checks against scipy.stats).
#ifndef EDGETUNE_EXPERIMENTS_PYTHON_VERDICT_BINDINGS_H_
#define EDGETUNE_EXPERIMENTS_PYTHON_VERDICT_BINDINGS_H_

#include <pybind11/pybind11.h>

namespace experiments::python {

void define_verdicts(pybind11::module_& m);

}  // namespace experiments::python

#endif  // EDGETUNE_EXPERIMENTS_PYTHON_VERDICT_BINDINGS_H_
