#include "experiments/run/result_json.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace experiments {

nlohmann::json config_json(const core::ConfigSpace& space,
                           const std::optional<core::Config>& config) {
  if (!config) return nullptr;
  // ordered_json would keep knob order, but the contract is a plain object:
  // nlohmann sorts keys, which keeps output byte-stable.
  nlohmann::json object = nlohmann::json::object();
  for (std::size_t k = 0; k < space.num_knobs(); ++k) {
    object[space.knob(k).name] = space.value(*config, k);
  }
  return object;
}

nlohmann::json events_json(const std::vector<core::OptimizerEvent>& events) {
  nlohmann::json out = nlohmann::json::array();
  for (const core::OptimizerEvent& e : events)
    out.push_back({{"trial", e.trial}, {"what", e.what}});
  return out;
}

nlohmann::json number_or_null(double value) {
  if (!std::isfinite(value)) return nullptr;
  return value;
}

nlohmann::json goal_json(const core::Goal& goal) {
  nlohmann::json j;
  j["kind"] = goal.kind();
  j["power_budget_w"] =
      goal.power_budget_w ? nlohmann::json(*goal.power_budget_w) : nlohmann::json();
  j["throughput_target_fps"] =
      goal.throughput_target_fps ? nlohmann::json(*goal.throughput_target_fps) : nlohmann::json();
  return j;
}

}  // namespace experiments
