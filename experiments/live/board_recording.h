// Recording a board (`live --record`): configurations measured on it,
// written as a recorded surface.
#ifndef EDGETUNE_EXPERIMENTS_LIVE_BOARD_RECORDING_H_
#define EDGETUNE_EXPERIMENTS_LIVE_BOARD_RECORDING_H_

#include <cstdint>
#include <iosfwd>
#include <string>

#include "devices/jetson_device.h"

namespace experiments {

// Measures `count` random configurations (seeded) `repeats` times each
// (back to back, each reading with its own settle) and writes them to
// `out` as a recorded surface of the board under `root`: medians, and the
// readings and their spread (pool_readings). A configuration with any
// reading that failed or tripped the cap is NaN, as is every configuration
// not measured. Each reading is a line on `progress` (none when null: -q).
void record_board(devices::JetsonDevice& device, const std::string& out, int count, int repeats,
                  std::uint64_t seed, const std::string& root, std::ostream* progress);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_LIVE_BOARD_RECORDING_H_
