#include "experiments/run/optimizer_factory.h"

#include <cassert>
#include <nlohmann/json.hpp>

#include "core/errors.h"
#include "core/optimizers/registry.h"

namespace experiments {

OptimizerFactory::OptimizerFactory(std::vector<OptimizerPlugin> plugins)
    : plugins_(std::move(plugins)) {
  for (std::size_t i = 0; i < plugins_.size(); ++i) {
    assert(!plugins_[i].prefix.empty() && plugins_[i].check && plugins_[i].make);
    for (std::size_t j = 0; j < i; ++j) assert(plugins_[j].prefix != plugins_[i].prefix);
  }
}

const OptimizerPlugin* OptimizerFactory::plugin_for(const std::string& name) const {
  for (const OptimizerPlugin& p : plugins_) {
    if (name.compare(0, p.prefix.size(), p.prefix) == 0) return &p;
  }
  return nullptr;
}

void OptimizerFactory::check(const std::string& name) const {
  if (const OptimizerPlugin* plugin = plugin_for(name)) {
    plugin->check(name);
  } else if (!core::find_optimizer_info(name)) {
    core::make_optimizer(name);  // throws, listing the registered names
  }
}

bool OptimizerFactory::runs_on_one_thread(const std::string& name) const {
  const OptimizerPlugin* plugin = plugin_for(name);
  return plugin != nullptr && plugin->one_thread;
}

std::unique_ptr<core::Optimizer> OptimizerFactory::make(
    const std::string& name, const core::OptimizerContext& context) const {
  const OptimizerPlugin* plugin = plugin_for(name);
  return plugin ? plugin->make(name) : core::make_optimizer(name, context);
}

nlohmann::json optimizer_catalog_json() {
  nlohmann::json list = nlohmann::json::array();
  for (const core::OptimizerInfo& info : core::optimizer_catalog()) {
    list.push_back({{"name", info.name},
                    {"description", info.description},
                    {"needs_training", info.needs_training},
                    {"needs_power_modes", info.needs_power_modes}});
  }
  return list;
}

}  // namespace experiments
