#include "experiments/json_output.h"

#include <cmath>
#include <iostream>

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

void print_json(const nlohmann::json& object) { std::cout << object.dump(2) << "\n"; }

}  // namespace experiments
