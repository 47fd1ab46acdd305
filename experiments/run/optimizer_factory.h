// Makes the optimizer of a run by name: the registry's
// (core/optimizers/registry.h), or a plug-in's that claims the name by
// prefix. The Python layer (experiments/python/) supplies the plug-in for
// "py:PATH.py:Class"; main() and the Python module build the factory and
// pass it to runs and sweeps, so this library stays free of Python and no
// global table is filled at start-up.
#ifndef EDGETUNE_EXPERIMENTS_RUN_OPTIMIZER_FACTORY_H_
#define EDGETUNE_EXPERIMENTS_RUN_OPTIMIZER_FACTORY_H_

#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

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

// Immutable once built, so one factory serves every thread of a sweep.
class OptimizerFactory {
 public:
  // The registry's optimizers only.
  OptimizerFactory() = default;
  // Plus the plug-ins' names; a prefix may be claimed once.
  explicit OptimizerFactory(std::vector<OptimizerPlugin> plugins);

  // Throws core::InputError when `name` is neither registered nor claimed
  // by a plug-in (naming the registered ones), or the plug-in refuses it.
  void check(const std::string& name) const;

  // Whether a sweep runs `name`'s runs on one thread (OptimizerPlugin::one_thread).
  bool runs_on_one_thread(const std::string& name) const;

  // The optimizer called `name`: a plug-in's when its prefix matches, else
  // the registry's (core::make_optimizer).
  std::unique_ptr<core::Optimizer> make(const std::string& name,
                                        const core::OptimizerContext& context) const;

 private:
  // The plug-in claiming `name`, or null.
  const OptimizerPlugin* plugin_for(const std::string& name) const;

  std::vector<OptimizerPlugin> plugins_;
};

// The registered optimizers as `edgetune list optimizers --json` lists them
// (name, description, needs_training, needs_power_modes).
nlohmann::json optimizer_catalog_json();

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_RUN_OPTIMIZER_FACTORY_H_
