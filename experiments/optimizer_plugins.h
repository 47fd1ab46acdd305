// Optimizers for runs and sweeps by name: the registry's
// (core/optimizers/registry.h), plus names a plug-in claims by prefix. The
// Python layer (experiments/python/) claims "py:PATH.py:Class" when the
// edgetune binary or the Python module starts, so this library stays free
// of Python.
#ifndef EDGETUNE_EXPERIMENTS_OPTIMIZER_PLUGINS_H_
#define EDGETUNE_EXPERIMENTS_OPTIMIZER_PLUGINS_H_

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/optimizer.h"
#include "core/optimizers/context.h"

namespace experiments {

struct OptimizerPlugin {
  std::string prefix;  // e.g. "py:"
  // Throws core::InputError when `name` (prefix included) names nothing usable.
  std::function<void(const std::string& name)> check;
  // A fresh optimizer for one run.
  std::function<std::unique_ptr<core::Optimizer>(const std::string& name)> make;
  // Its optimizers hold a process-wide lock while they work (Python's GIL):
  // a sweep runs them on one thread, beside the others.
  bool one_thread = false;
};

// Installs `plugin` (replacing one with the same prefix). Thread-safe.
void register_optimizer_plugin(OptimizerPlugin plugin);

// Throws core::InputError when `name` is neither registered nor claimed by
// a plug-in (naming the registered ones), or the plug-in refuses it.
void check_optimizer_name(const std::string& name);

// Whether a sweep runs `name`'s runs on one thread (OptimizerPlugin::one_thread).
bool runs_on_one_thread(const std::string& name);

// The registered optimizers as `edgetune list optimizers --json` lists them
// (name, description, needs_training, needs_power_modes).
nlohmann::json optimizer_catalog_json();

// The optimizer called `name`: a plug-in's when its prefix matches, else
// the registry's (core::make_optimizer).
std::unique_ptr<core::Optimizer> make_run_optimizer(const std::string& name,
                                                    const core::OptimizerContext& context);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_OPTIMIZER_PLUGINS_H_
