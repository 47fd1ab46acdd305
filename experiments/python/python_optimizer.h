// Optimizers written in Python, driven by the C++ run loop: the same trial
// and board-second budget, device noise, over-budget counting and scoring
// as CORAL, so a Python method is judged exactly like a C++ one.
//
// A Python optimizer is an object with four methods (the ask/tell of
// core::Optimizer):
//   start(space, goal, budget, seed)  # reset; seed every random draw from `seed`
//   propose() -> list of levels | None  # None: done early
//   observe(measurement)
//   recommend() -> list of levels | None
// Every call holds the GIL, so Python methods in a multi-threaded sweep take
// turns while C++ runs go on in parallel; results depend only on the seed.
// An exception raised in Python becomes one core::InputError naming the
// method, the call and the Python error.
#ifndef EDGETUNE_EXPERIMENTS_PYTHON_PYTHON_OPTIMIZER_H_
#define EDGETUNE_EXPERIMENTS_PYTHON_PYTHON_OPTIMIZER_H_

#include <pybind11/pybind11.h>

#include <string>

#include "core/optimizer.h"
#include "experiments/run/optimizer_factory.h"

namespace experiments::python {

class PythonOptimizer : public core::Optimizer {
 public:
  // `name` names the method in errors ("py:peer.py:Tpe", or the class name).
  PythonOptimizer(pybind11::object instance, std::string name);
  ~PythonOptimizer() override;  // drops the object under the GIL

  void start(const core::ConfigSpace& space, const core::Goal& goal, const core::Budget& budget,
             std::uint64_t seed) override;
  std::optional<core::Config> propose() override;
  void observe(const core::Measurement& result) override;
  std::optional<core::Config> recommend() const override;

 private:
  // `levels` (None or a sequence of ints) as a configuration of the space.
  std::optional<core::Config> to_config(const pybind11::handle& levels, const char* method) const;

  pybind11::object instance_;
  std::string name_;
  const core::ConfigSpace* space_ = nullptr;
};

// Throws core::InputError unless `instance` has the four methods.
void check_optimizer_object(const pybind11::handle& instance, const std::string& name);

// Starts an interpreter for the edgetune binary if none runs (the Python
// module runs inside one), imports the `edgetune` module so its types
// convert, and leaves the GIL released. Idempotent and thread-safe.
void ensure_interpreter();

// The plug-in that claims "py:PATH.py:Class" names for runs and sweeps
// (experiments/run/optimizer_factory.h): each run gets a fresh Class(),
// loaded from PATH once per process.
OptimizerPlugin python_optimizer_plugin();

}  // namespace experiments::python

#endif  // EDGETUNE_EXPERIMENTS_PYTHON_PYTHON_OPTIMIZER_H_
