// The result of a live run as `edgetune live --json` prints it: the fields
// of `run --json`, scored on the board's own readings (no oracle there).
#ifndef EDGETUNE_EXPERIMENTS_LIVE_LIVE_RESULT_H_
#define EDGETUNE_EXPERIMENTS_LIVE_LIVE_RESULT_H_

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "core/goal.h"
#include "core/run.h"
#include "devices/jetson_device.h"

namespace experiments {

// The measured mean at the recommendation comes from the trials after the
// optimizer's last event (a drift alarm: the board no longer does what
// earlier readings say).
nlohmann::json live_json(const std::string& optimizer, const devices::JetsonDevice& device,
                         const core::Goal& goal, std::uint64_t seed, int max_trials,
                         const core::RunLog& log);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_LIVE_LIVE_RESULT_H_
