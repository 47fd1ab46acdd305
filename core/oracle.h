// The exhaustive-search optimum: every configuration measured once. Run on a
// noise-free device it is the oracle that runs are scored against.
#ifndef EDGETUNE_CORE_ORACLE_H_
#define EDGETUNE_CORE_ORACLE_H_

#include <cstddef>
#include <limits>
#include <optional>

#include "core/config_space.h"
#include "core/device.h"
#include "core/goal.h"

namespace core {

struct OracleResult {
  // The best feasible configuration; nullopt when no configuration meets the
  // goal (a result, not an error).
  std::optional<Config> best;
  double throughput_fps = std::numeric_limits<double>::quiet_NaN();
  double power_w = std::numeric_limits<double>::quiet_NaN();
  std::size_t configurations = 0;  // grid points
  std::size_t available = 0;       // of which could run
  std::size_t feasible = 0;        // of which met the goal
};

// Measures every configuration of `device` once, in flat-index order, and
// returns the best feasible one (ties: lowest flat index).
OracleResult exhaustive_optimum(Device& device, const Goal& goal);

}  // namespace core

#endif  // EDGETUNE_CORE_ORACLE_H_
