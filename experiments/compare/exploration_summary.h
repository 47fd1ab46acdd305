// What exploring cost, per method and goal kind (run/exploration_cost.h
// defines the figures): a table for `report` and `compare`.
#ifndef EDGETUNE_EXPERIMENTS_COMPARE_EXPLORATION_SUMMARY_H_
#define EDGETUNE_EXPERIMENTS_COMPARE_EXPLORATION_SUMMARY_H_

#include <string>
#include <vector>

#include "experiments/compare/sweep_runs.h"

namespace experiments {

struct ExplorationRow {
  std::string sweep;  // the sweep's label
  std::string optimizer;
  std::string goal;
  std::size_t runs = 0;
  // Means over runs.
  double over_budget = 0.0;  // noise-free
  double over_budget_5pct = 0.0;
  double over_budget_20pct = 0.0;
  double over_budget_measured = 0.0;
  double energy_over_budget_j = 0.0;
  double under_target = 0.0;
  // Medians over runs that got there, and the share that never did.
  double trials_to_feasible = 0.0;
  double never_feasible = 0.0;
  double trials_to_95pct = 0.0;
};

// Rows per optimizer (first-seen order) x goal kind present.
std::vector<ExplorationRow> summarize_exploration(const SweepRuns& sweep);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_COMPARE_EXPLORATION_SUMMARY_H_
