#include "core/run.h"

#include <cassert>

namespace core {

RunLog run(Optimizer& optimizer, Device& device, const Goal& goal, const Budget& budget,
           std::uint64_t seed, const TrialObserver& on_trial) {
  RunLog log;
  optimizer.start(device.space(), goal, budget, seed);
  log.trials.reserve(static_cast<std::size_t>(budget.max_trials > 0 ? budget.max_trials : 0));
  while (static_cast<int>(log.trials.size()) < budget.max_trials &&
         log.board_seconds < budget.max_board_seconds) {
    std::optional<Config> next = optimizer.propose();
    if (!next) {
      log.stopped_early = true;
      break;
    }
    assert(device.space().contains(*next));
    Measurement result = device.measure(*next);
    log.board_seconds += result.cost_s;
    if (goal.power_budget_w && result.available && result.power_w > *goal.power_budget_w) {
      ++log.budget_violations;
    }
    optimizer.observe(result);
    log.trials.push_back(std::move(result));
    if (on_trial) on_trial(log.trials.size() - 1, log.trials.back());
  }
  log.recommended = optimizer.recommend();
  log.events = optimizer.events();
  return log;
}

}  // namespace core
