// What a run's exploration cost the board, not only where it ended: how
// often and how far its trials went over the power budget or under the
// throughput target, the energy drawn above the budget, and how many trials
// it took to read a feasible configuration and to find its final answer.
#ifndef EDGETUNE_EXPERIMENTS_RUN_EXPLORATION_COST_H_
#define EDGETUNE_EXPERIMENTS_RUN_EXPLORATION_COST_H_

#include <nlohmann/json_fwd.hpp>
#include <optional>

#include "experiments/run/run_one.h"

namespace experiments {

// Trials over the power budget: any amount, more than 5% and more than 20%
// over. Zero for goals without a budget.
struct Overshoots {
  int any = 0;
  int over_5pct = 0;
  int over_20pct = 0;
};

struct ExplorationCost {
  // Judged on the readings (what the optimizer saw; `any` is the run log's
  // budget_violations) and on the noise-free surface at the trial's
  // configuration (what the board did). After a drift, the surface is the
  // drifted one.
  Overshoots measured;
  Overshoots noise_free;
  // Sum over trials of (noise-free power - budget) x the trial's board
  // seconds where positive: joules drawn above the budget.
  double energy_over_budget_j = 0.0;
  // Trials under the throughput target (a configuration that cannot run
  // delivers no frames, so it is under); zero for goals without a target.
  int under_target_measured = 0;
  int under_target_noise_free = 0;
  // Trials (1-based count) up to and including the first reading feasible
  // as measured; none when no reading was.
  std::optional<int> trials_to_feasible;
  // Trials up to the first configuration read whose noise-free score
  // reaches 95% of the run's final score; none when the score is 0.
  std::optional<int> trials_to_95pct;
};

ExplorationCost exploration_cost(const RunResult& result);

// The `exploration` object of `run --json`: the fields above, null where
// there is none.
nlohmann::json exploration_json(const ExplorationCost& cost);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_RUN_EXPLORATION_COST_H_
