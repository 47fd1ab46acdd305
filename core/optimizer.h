// The ask/tell interface every configuration optimizer implements.
#ifndef EDGETUNE_CORE_OPTIMIZER_H_
#define EDGETUNE_CORE_OPTIMIZER_H_

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/config_space.h"
#include "core/goal.h"
#include "core/measurement.h"

namespace core {

// How much board time a run may spend. The run loop enforces it; optimizers
// are told it so they can plan (initial designs, re-measurements).
struct Budget {
  int max_trials = 30;
  double max_board_seconds = std::numeric_limits<double>::infinity();
};

// Something a method noticed during a run, for the run's trace (CORAL's
// drift alarms). `trial`: the 0-based trial whose reading raised it.
struct OptimizerEvent {
  std::size_t trial = 0;
  std::string what;
};

// Proposes one configuration at a time and learns from each result.
// Same space, goal, budget and seed => same proposals. Optimizers never see a
// surface: they learn only from the measurements they are told.
class Optimizer {
 public:
  virtual ~Optimizer() = default;
  // Resets all state. Throws InputError when the optimizer cannot handle the
  // goal (saying which goal and why). `space` must outlive the run (until
  // the next start() or the optimizer's destruction): optimizers keep a
  // pointer to it rather than a copy, since propose() runs in the hot loop.
  virtual void start(const ConfigSpace& space, const Goal& goal, const Budget& budget,
                     std::uint64_t seed) = 0;
  // The next configuration to measure (in space), or nullopt when done early.
  virtual std::optional<Config> propose() = 0;
  // The measurement of the configuration last proposed.
  virtual void observe(const Measurement& result) = 0;
  // The configuration to deploy: one that was measured and met the goal's
  // constraints as measured (a method may leave out readings it took only
  // to check for drift that agree with the earlier ones within noise, as
  // CORAL does); nullopt when none was seen.
  virtual std::optional<Config> recommend() const = 0;
  // What it noticed since start(), in trial order. Most methods notice
  // nothing worth reporting.
  virtual std::vector<OptimizerEvent> events() const { return {}; }
};

}  // namespace core

#endif  // EDGETUNE_CORE_OPTIMIZER_H_
