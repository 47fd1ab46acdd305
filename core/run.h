// The optimization loop: propose, measure, observe, until the budget is spent.
#ifndef EDGETUNE_CORE_RUN_H_
#define EDGETUNE_CORE_RUN_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "core/device.h"
#include "core/goal.h"
#include "core/optimizer.h"

namespace core {

struct RunLog {
  std::vector<Measurement> trials;  // in the order measured
  std::optional<Config> recommended;
  double board_seconds = 0.0;  // sum of the trials' cost_s
  // Trials whose measured power exceeded the goal's power budget while
  // exploring (0 when the goal has no budget).
  int budget_violations = 0;
  bool stopped_early = false;          // the optimizer returned nullopt
  std::vector<OptimizerEvent> events;  // the optimizer's, at the end
};

// Called after each trial with its 0-based index; for progress lines.
using TrialObserver = std::function<void(std::size_t, const Measurement&)>;

// Runs `optimizer` on `device` until it stops, max_trials trials were made,
// or max_board_seconds were spent. The optimizer may never exceed the budget:
// the loop owns the count. DeviceError from the device propagates.
RunLog run(Optimizer& optimizer, Device& device, const Goal& goal, const Budget& budget,
           std::uint64_t seed, const TrialObserver& on_trial = {});

}  // namespace core

#endif  // EDGETUNE_CORE_RUN_H_
