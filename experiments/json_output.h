// JSON fragments shared by the subcommands' --json output.
#ifndef EDGETUNE_EXPERIMENTS_JSON_OUTPUT_H_
#define EDGETUNE_EXPERIMENTS_JSON_OUTPUT_H_

#include <nlohmann/json.hpp>
#include <optional>

#include "core/config_space.h"
#include "core/optimizer.h"

namespace experiments {

// {"gpu_freq": 1300.5, ...} in knob order, or null when there is no config.
nlohmann::json config_json(const core::ConfigSpace& space,
                           const std::optional<core::Config>& config);
// [{"trial": 17, "what": "drift: ..."}, ...]: what the optimizer noticed.
nlohmann::json events_json(const std::vector<core::OptimizerEvent>& events);
// A number, or null when NaN/inf (JSON has no NaN).
nlohmann::json number_or_null(double value);
// Prints one JSON object on stdout (2-space indent, trailing newline).
void print_json(const nlohmann::json& object);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_JSON_OUTPUT_H_
