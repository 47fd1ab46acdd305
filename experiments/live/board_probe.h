// What a board offers, read without changing anything (`live --probe`):
// its knobs with their steps and current values, and its power rails.
#ifndef EDGETUNE_EXPERIMENTS_LIVE_BOARD_PROBE_H_
#define EDGETUNE_EXPERIMENTS_LIVE_BOARD_PROBE_H_

#include <nlohmann/json_fwd.hpp>

#include "devices/board_layout.h"

namespace experiments {

// {"root", "knobs": [{name, unit, values, current_raw}], "rails": [{label,
// power_w (null when unreadable)}], "board_power_w"}: the `live --probe
// --json` object. Throws core::DeviceError when no rail can be read.
nlohmann::json probe_board(const devices::BoardLayout& layout);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_LIVE_BOARD_PROBE_H_
