// The exploration cost of a run, on a hand-made log whose every count is
// worked out in the comments.
#include "experiments/run/exploration_cost.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "tests/support/tiny_surface.h"

namespace {

// One knob v = 1..5: v fps x 10 and v W x 10; v = 5 cannot run.
std::shared_ptr<const traces::Surface> ramp() {
  return std::make_shared<const traces::Surface>(testing_support::make_surface(
      {{"gpu_freq", "MHz", {1, 2, 3, 4, 5}}}, [](const std::vector<double>& v) {
        if (v[0] == 5) return std::make_pair(double(NAN), double(NAN));
        return std::make_pair(10.0 * v[0], 10.0 * v[0]);
      }));
}

core::Measurement reading(int level, double fps, double watts) {
  core::Measurement m;
  m.config.level = {level};
  m.available = !std::isnan(fps);
  m.throughput_fps = fps;
  m.power_w = watts;
  m.cost_s = 7.0;
  return m;
}

TEST(ExplorationCostTest, CountsOvershootsShortfallsEnergyAndFirstFinds) {
  experiments::RunResult r;
  r.spec.surface = ramp();
  r.spec.goal = core::Goal::dual(25.0, 15.0);  // at most 25 W, at least 15 fps
  r.reference = experiments::scoring_reference(*r.spec.surface, r.spec.goal);
  r.log.trials = {
      reading(3, 40, 41),    // truly 40 W; read 41: over by > 20% both ways
      reading(0, 10, 10),    // 10 fps: under the target
      reading(2, 29, 26),    // truly 30 W (> 5%, not > 20%); read 26 (< 5% over)
      reading(4, NAN, NAN),  // cannot run: no frames, under the target
      reading(1, 20, 20),    // the first feasible reading, and the optimum
  };
  r.score = 1.0;
  const experiments::ExplorationCost cost = experiments::exploration_cost(r);
  EXPECT_EQ(cost.measured.any, 2);
  EXPECT_EQ(cost.measured.over_5pct, 1);
  EXPECT_EQ(cost.measured.over_20pct, 1);
  EXPECT_EQ(cost.noise_free.any, 2);
  EXPECT_EQ(cost.noise_free.over_5pct, 2);
  EXPECT_EQ(cost.noise_free.over_20pct, 1);
  EXPECT_DOUBLE_EQ(cost.energy_over_budget_j, (40 - 25) * 7.0 + (30 - 25) * 7.0);
  EXPECT_EQ(cost.under_target_measured, 2);
  EXPECT_EQ(cost.under_target_noise_free, 2);
  EXPECT_EQ(cost.trials_to_feasible, 5);
  EXPECT_EQ(cost.trials_to_95pct, 5);
}

TEST(ExplorationCostTest, AGoalWithoutABudgetOrTargetCostsNothingThere) {
  experiments::RunResult r;
  r.spec.surface = ramp();
  r.spec.goal = core::Goal::min_power(15.0);
  r.reference = experiments::scoring_reference(*r.spec.surface, r.spec.goal);
  r.log.trials = {reading(3, 40, 40), reading(0, 10, 10)};
  r.score = 0.0;  // nothing feasible recommended: no "95% of the final score"
  const experiments::ExplorationCost cost = experiments::exploration_cost(r);
  EXPECT_EQ(cost.measured.any + cost.noise_free.any, 0);
  EXPECT_EQ(cost.energy_over_budget_j, 0.0);
  EXPECT_EQ(cost.under_target_measured, 1);
  EXPECT_EQ(cost.trials_to_feasible, 1);
  EXPECT_FALSE(cost.trials_to_95pct);
}

}  // namespace
