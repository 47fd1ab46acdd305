#include "core/optimizers/shared/acquisition.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace {

TEST(AcquisitionTest, ExpectedImprovementMatchesClosedForm) {
  EXPECT_NEAR(core::expected_improvement(0.0, 1.0, 0.0), 0.3989422804, 1e-9);  // phi(0)
  EXPECT_NEAR(core::expected_improvement(1.0, 1.0, 0.0), 0.8413447461 + 0.2419707245, 1e-9);
  EXPECT_NEAR(core::expected_improvement(0.0, 2.0, 1.0), 2.0 * 0.3520653268 - 0.3085375387, 1e-9);
  EXPECT_DOUBLE_EQ(core::expected_improvement(3.0, 0.0, 1.0), 2.0);
  EXPECT_DOUBLE_EQ(core::expected_improvement(0.5, 0.0, 1.0), 0.0);
}

TEST(AcquisitionTest, ProbabilityFeasibleMultipliesTheConstraints) {
  const core::LogPrediction at_both{std::log(50.0), 0.1, std::log(10.0), 0.1};
  EXPECT_NEAR(core::probability_feasible(core::LogGoal(core::Goal::dual(10.0, 50.0)), at_both),
              0.25, 1e-12);
  EXPECT_NEAR(core::probability_feasible(core::LogGoal(core::Goal::max_throughput(10.0)), at_both),
              0.5, 1e-12);
  EXPECT_DOUBLE_EQ(
      core::probability_feasible(core::LogGoal(core::Goal::max_throughput(std::nullopt)), at_both),
      1.0);
}

// The bound lets CORAL skip computing deviations for candidates that cannot
// win, so it must hold for every deviation up to the one it was given.
TEST(AcquisitionTest, FeasibilityBoundHoldsForEveryNarrowerDeviation) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> mean(-0.5, 0.5), sd(0.001, 0.4), shrink(0.0, 1.0);
  const core::LogGoal goal(core::Goal::dual(1.0, 1.0));  // log budget = log target = 0
  for (int i = 0; i < 10000; ++i) {
    const core::LogPrediction widest{mean(rng), sd(rng), mean(rng), sd(rng)};
    const double bound = core::probability_feasible_bound(goal, widest);
    core::LogPrediction narrower = widest;
    narrower.fps_sd *= shrink(rng);
    narrower.w_sd *= shrink(rng);
    ASSERT_GE(bound + 1e-15, core::probability_feasible(goal, narrower)) << i;
    ASSERT_GE(bound + 1e-15, core::probability_feasible(goal, widest)) << i;
  }
  // Means that meet every constraint: nothing to bound but 1.
  EXPECT_DOUBLE_EQ(core::probability_feasible_bound(goal, {0.2, 0.3, -0.2, 0.3}), 1.0);
}

// CORAL ranks candidates by this bound and scores exactly only those that
// could win: it must never fall below the exact value, and must stay close
// to it where candidates compete (|z| <= 3), or it prunes nothing.
TEST(AcquisitionTest, ImprovementBoundHoldsAndIsTight) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> z_of(-20.0, 20.0), sd_of(1e-4, 0.5), mean_of(-1.0, 1.0);
  core::Goal efficiency = core::Goal::max_throughput(std::nullopt);
  efficiency.objective = core::Objective::kMaxEfficiency;
  const core::Goal goals[] = {core::Goal::max_throughput(std::nullopt), core::Goal::min_power(1.0),
                              efficiency};
  for (int i = 0; i < 30000; ++i) {
    const core::LogGoal goal(goals[i % 3]);
    const core::LogPrediction p{mean_of(rng), sd_of(rng), mean_of(rng), sd_of(rng)};
    // An incumbent that puts z where the draw says.
    const double z = z_of(rng);
    double mean = 0, sd = 0;
    switch (goal.objective) {
      case core::Objective::kMaxThroughput:
        mean = p.fps_mean, sd = p.fps_sd;
        break;
      case core::Objective::kMinPower:
        mean = -p.w_mean, sd = p.w_sd;
        break;
      case core::Objective::kMaxEfficiency:
        mean = p.fps_mean - p.w_mean, sd = std::hypot(p.fps_sd, p.w_sd);
        break;
    }
    const double incumbent = mean - z * sd;
    const double exact = core::objective_improvement(goal, p, incumbent);
    const double bound = core::objective_improvement_bound(goal, p, incumbent);
    ASSERT_GE(bound, exact) << i << " z " << z;
    if (std::abs(z) <= 3) {
      ASSERT_LE(bound, 1.06 * exact) << i << " z " << z;
    }
  }
}

}  // namespace
