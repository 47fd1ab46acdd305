// JSON fragments of results, shared by `run --json`, `oracle --json`,
// `live --json` and the Python module. nlohmann sorts object keys, which
// keeps every document byte-stable.
#ifndef EDGETUNE_EXPERIMENTS_RUN_RESULT_JSON_H_
#define EDGETUNE_EXPERIMENTS_RUN_RESULT_JSON_H_

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <vector>

#include "core/config_space.h"
#include "core/goal.h"
#include "core/optimizer.h"

namespace experiments {

// {"gpu_freq": 1300.5, ...} in knob order, or null when there is no config.
nlohmann::json config_json(const core::ConfigSpace& space,
                           const std::optional<core::Config>& config);
// [{"trial": 17, "what": "drift: ..."}, ...]: what the optimizer noticed.
nlohmann::json events_json(const std::vector<core::OptimizerEvent>& events);
// A number, or null when NaN/inf (JSON has no NaN).
nlohmann::json number_or_null(double value);
// {"kind": ..., "power_budget_w": W|null, "throughput_target_fps": FPS|null}
nlohmann::json goal_json(const core::Goal& goal);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_RUN_RESULT_JSON_H_
