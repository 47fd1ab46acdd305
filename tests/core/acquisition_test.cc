#include "core/acquisition.h"

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
  EXPECT_NEAR(core::probability_feasible(core::Goal::dual(10.0, 50.0), at_both), 0.25, 1e-12);
  EXPECT_NEAR(core::probability_feasible(core::Goal::max_throughput(10.0), at_both), 0.5, 1e-12);
  EXPECT_DOUBLE_EQ(core::probability_feasible(core::Goal::max_throughput(std::nullopt), at_both), 1.0);
}

// The bound lets CORAL skip computing deviations for candidates that cannot
// win, so it must hold for every deviation up to the one it was given.
TEST(AcquisitionTest, FeasibilityBoundHoldsForEveryNarrowerDeviation) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> mean(-0.5, 0.5), sd(0.001, 0.4), shrink(0.0, 1.0);
  const core::Goal goal = core::Goal::dual(1.0, 1.0);  // log budget = log target = 0
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

}  // namespace
