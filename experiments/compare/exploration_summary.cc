#include "experiments/compare/exploration_summary.h"

#include <cmath>

#include "experiments/stats/quantile.h"
#include "experiments/tables/goal_kinds.h"

namespace experiments {
namespace {

double median_of_present(const std::vector<double>& values) {
  std::vector<double> present;
  for (double v : values) {
    if (!std::isnan(v)) present.push_back(v);
  }
  return present.empty() ? NAN : percentile(present, 0.5);
}

}  // namespace

std::vector<ExplorationRow> summarize_exploration(const SweepRuns& sweep) {
  std::vector<ExplorationRow> rows;
  for (const std::string& optimizer : sweep.optimizers) {
    for (const char* goal : kGoalKindOrder) {
      std::vector<double> over, over5, over20, measured, energy, under, to_feasible, to_95;
      for (const RunRecord& run : sweep.runs) {
        if (run.optimizer != optimizer || run.goal != goal) continue;
        const ExplorationFigures& e = run.exploration;
        over.push_back(e.over_budget);
        over5.push_back(e.over_budget_5pct);
        over20.push_back(e.over_budget_20pct);
        measured.push_back(e.over_budget_measured);
        energy.push_back(e.energy_over_budget_j);
        under.push_back(e.under_target);
        to_feasible.push_back(e.trials_to_feasible);
        to_95.push_back(e.trials_to_95pct);
      }
      if (over.empty()) continue;
      ExplorationRow row{sweep.label, optimizer, goal, over.size()};
      row.over_budget = mean(over);
      row.over_budget_5pct = mean(over5);
      row.over_budget_20pct = mean(over20);
      row.over_budget_measured = mean(measured);
      row.energy_over_budget_j = mean(energy);
      row.under_target = mean(under);
      row.trials_to_feasible = median_of_present(to_feasible);
      double never = 0;
      for (double t : to_feasible) never += std::isnan(t);
      row.never_feasible =
          sweep.has_exploration ? never / static_cast<double>(to_feasible.size()) : NAN;
      row.trials_to_95pct = median_of_present(to_95);
      rows.push_back(row);
    }
  }
  return rows;
}

}  // namespace experiments
