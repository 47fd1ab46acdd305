#include "experiments/optimizer_plugins.h"

#include <mutex>
#include <vector>

#include "core/errors.h"
#include "core/optimizers/registry.h"

namespace experiments {
namespace {

std::mutex plugins_mutex;
std::vector<OptimizerPlugin> plugins;  // guarded by plugins_mutex

// The plug-in claiming `name`, copied out of the lock; one with an empty
// prefix when none does.
OptimizerPlugin plugin_for(const std::string& name) {
  const std::lock_guard<std::mutex> lock(plugins_mutex);
  for (const OptimizerPlugin& p : plugins) {
    if (name.compare(0, p.prefix.size(), p.prefix) == 0) return p;
  }
  return {};
}

}  // namespace

void register_optimizer_plugin(OptimizerPlugin plugin) {
  const std::lock_guard<std::mutex> lock(plugins_mutex);
  for (OptimizerPlugin& p : plugins) {
    if (p.prefix == plugin.prefix) {
      p = std::move(plugin);
      return;
    }
  }
  plugins.push_back(std::move(plugin));
}

void check_optimizer_name(const std::string& name) {
  const OptimizerPlugin plugin = plugin_for(name);
  if (!plugin.prefix.empty()) {
    plugin.check(name);
  } else if (!core::find_optimizer_info(name)) {
    core::make_optimizer(name);  // throws, listing the registered names
  }
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

bool runs_on_one_thread(const std::string& name) { return plugin_for(name).one_thread; }

std::unique_ptr<core::Optimizer> make_run_optimizer(const std::string& name,
                                                    const core::OptimizerContext& context) {
  const OptimizerPlugin plugin = plugin_for(name);
  return plugin.prefix.empty() ? core::make_optimizer(name, context) : plugin.make(name);
}

}  // namespace experiments
