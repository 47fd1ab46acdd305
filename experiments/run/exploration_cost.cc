#include "experiments/run/exploration_cost.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace experiments {
namespace {

void count_overshoot(double power_w, double budget_w, Overshoots& into) {
  if (!(power_w > budget_w)) return;  // NaN (no reading) is not over
  ++into.any;
  if (power_w > budget_w * 1.05) ++into.over_5pct;
  if (power_w > budget_w * 1.20) ++into.over_20pct;
}

}  // namespace

ExplorationCost exploration_cost(const RunResult& result) {
  ExplorationCost cost;
  const RunSpec& spec = result.spec;
  const core::Goal& goal = spec.goal;
  const core::OracleResult& oracle = result.reference.oracle;
  for (std::size_t t = 0; t < result.log.trials.size(); ++t) {
    const core::Measurement& m = result.log.trials[t];
    const bool drifted = spec.drifted && static_cast<int>(t) >= spec.drift_at_trial;
    const traces::Surface& surface = drifted ? *spec.drifted : *spec.surface;
    const std::size_t index = surface.space.index(m.config);
    const bool runs = surface.available(index);
    const double fps = runs ? surface.throughput_fps()[index] : 0.0;
    const double watts = runs ? surface.power_w()[index] : NAN;
    const double measured_fps = m.available ? m.throughput_fps : 0.0;
    const double measured_w = m.available ? m.power_w : NAN;
    if (goal.power_budget_w) {
      const double budget = *goal.power_budget_w;
      count_overshoot(measured_w, budget, cost.measured);
      count_overshoot(watts, budget, cost.noise_free);
      if (watts > budget) cost.energy_over_budget_j += (watts - budget) * m.cost_s;
    }
    if (goal.throughput_target_fps) {
      cost.under_target_measured += measured_fps < *goal.throughput_target_fps;
      cost.under_target_noise_free += fps < *goal.throughput_target_fps;
    }
    const int trials = static_cast<int>(t) + 1;
    if (!cost.trials_to_feasible && m.available && goal.feasible(m.throughput_fps, m.power_w)) {
      cost.trials_to_feasible = trials;
    }
    // Scored like the recommendation: on the surface the run is scored on.
    if (!cost.trials_to_95pct && result.score > 0 && oracle.best) {
      const traces::Surface& scored = spec.scored_surface();
      const traces::Surface::Columns c = scored.columns();
      const std::size_t at = scored.space.index(m.config);
      const double f = c.fps[at], w = c.watts[at];
      if (c.available(at) && goal.feasible(f, w) &&
          core::score(goal, f, w, oracle.throughput_fps, oracle.power_w) >= 0.95 * result.score) {
        cost.trials_to_95pct = trials;
      }
    }
  }
  return cost;
}

nlohmann::json exploration_json(const ExplorationCost& cost) {
  const auto overshoots = [](const Overshoots& o) {
    return nlohmann::json{{"any", o.any}, {"over_5pct", o.over_5pct}, {"over_20pct", o.over_20pct}};
  };
  const auto count = [](const std::optional<int>& n) { return n ? nlohmann::json(*n) : nullptr; };
  return {{"over_budget_measured", overshoots(cost.measured)},
          {"over_budget_noise_free", overshoots(cost.noise_free)},
          {"energy_over_budget_j", cost.energy_over_budget_j},
          {"under_target_measured", cost.under_target_measured},
          {"under_target_noise_free", cost.under_target_noise_free},
          {"trials_to_feasible", count(cost.trials_to_feasible)},
          {"trials_to_95pct", count(cost.trials_to_95pct)}};
}

}  // namespace experiments
