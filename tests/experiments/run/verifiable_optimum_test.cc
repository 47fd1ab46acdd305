#include "experiments/run/verifiable_optimum.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/errors.h"
#include "experiments/run/run_one.h"
#include "tests/support/tiny_surface.h"

namespace {

// Checks `result` is the best point whose noise-free values, moved by
// slack_sd x relative_std against each constraint, meet `goal`.
void expect_best_with_slack(const traces::Surface& surface, const core::Goal& goal, double slack_sd,
                            double relative_std, const core::OracleResult& result) {
  for (std::size_t i = 0; i < surface.space.size(); ++i) {
    const double fps = surface.throughput_fps()[i], w = surface.power_w()[i];
    if (!goal.feasible(fps * (1 - slack_sd * relative_std), w * (1 + slack_sd * relative_std)))
      continue;
    ASSERT_TRUE(result.best) << "point " << i << " qualifies";
    EXPECT_FALSE(goal.better(fps, w, result.throughput_fps, result.power_w))
        << "point " << i << " is better";
  }
}

// two_knob_surface: fps = 100 min(g, 0.4 + 0.6 m), W = 5 + 20 g^3 + 6 m.
// At 2% noise, 1300 MHz x 3199 MHz (100 fps, 31 W, the only 100 fps point)
// keeps 1.5 sd of its power noise (0.93 W) under a 32 W budget but not 2 sd
// (1.24 W).
TEST(VerifiableOptimumTest, TightensEachConstraintByThePointsOwnNoise) {
  const traces::Surface surface = testing_support::two_knob_surface(0.02);
  const core::Goal budget = core::Goal::max_throughput(32.0);
  const core::OracleResult plain = experiments::surface_oracle(surface, budget);
  const core::OracleResult zero = experiments::verifiable_optimum(surface, budget, 0.0);
  EXPECT_EQ(zero.best, plain.best);
  EXPECT_EQ(zero.feasible, plain.feasible);
  EXPECT_DOUBLE_EQ(plain.throughput_fps, 100.0);
  EXPECT_DOUBLE_EQ(experiments::verifiable_optimum(surface, budget, 1.5).throughput_fps, 100.0);
  const core::OracleResult two = experiments::verifiable_optimum(surface, budget, 2.0);
  ASSERT_TRUE(two.best);
  EXPECT_LT(two.throughput_fps, 100.0);
  EXPECT_LT(two.feasible, plain.feasible);
  expect_best_with_slack(surface, budget, 2.0, 0.02, two);
  // A throughput target is tightened the other way, and a dual goal both ways.
  for (const core::Goal& goal : {core::Goal::min_power(60.0), core::Goal::dual(20.0, 50.0)}) {
    const core::OracleResult result = experiments::verifiable_optimum(surface, goal, 2.0);
    ASSERT_TRUE(result.best) << goal.describe();
    EXPECT_GE(result.throughput_fps * (1 - 2 * 0.02), *goal.throughput_target_fps);
    expect_best_with_slack(surface, goal, 2.0, 0.02, result);
  }
}

// Where the file states no noise for a point (NaN) that point cannot be
// verified; a metric no constraint reads needs no noise at all.
TEST(VerifiableOptimumTest, NeedsTheNoiseOnlyOfConstrainedMetrics) {
  traces::Surface surface = testing_support::two_knob_surface(0.02);
  const core::Goal budget = core::Goal::max_throughput(32.0);
  const std::size_t best = surface.space.index(*experiments::surface_oracle(surface, budget).best);
  surface.metrics_std["power"].values[best] = NAN;
  const core::OracleResult without_best = experiments::verifiable_optimum(surface, budget, 1.0);
  ASSERT_TRUE(without_best.best);
  EXPECT_NE(surface.space.index(*without_best.best), best);
  surface.metrics_std.erase("throughput");
  EXPECT_EQ(experiments::verifiable_optimum(surface, budget, 1.0).best, without_best.best);
  EXPECT_EQ(
      experiments::verifiable_optimum(surface, core::Goal::max_throughput(std::nullopt), 3.0).best,
      experiments::surface_oracle(surface, core::Goal::max_throughput(std::nullopt)).best);
}

TEST(VerifiableOptimumTest, TakesTheNoiseFromRepeatsWithoutMetricsStd) {
  traces::Surface surface = testing_support::two_knob_surface(0.0);
  for (const char* name : {"throughput", "power"}) {
    traces::RepeatedMetric& r = surface.repeats[name];
    r.repeats = 2;
    // Readings 1% either side of the value: a sample sd of sqrt(2)%.
    for (double v : surface.metrics[name].values)
      r.values.insert(r.values.end(), {0.99 * v, 1.01 * v});
  }
  const double relative = std::sqrt(2.0) * 0.01;
  EXPECT_NEAR(experiments::measurement_noise(surface, "power")[0], relative * surface.power_w()[0],
              1e-12);
  EXPECT_NEAR(experiments::measurement_noise(surface, "throughput")[5],
              relative * surface.throughput_fps()[5], 1e-12);
  const core::Goal goal = core::Goal::dual(20.0, 50.0);
  const core::OracleResult result = experiments::verifiable_optimum(surface, goal, 2.0);
  ASSERT_TRUE(result.best);
  expect_best_with_slack(surface, goal, 2.0, relative, result);
}

TEST(VerifiableOptimumTest, ASurfaceWithoutNoiseSaysSo) {
  traces::Surface surface = testing_support::two_knob_surface(0.0);
  // One repeat per point says nothing about the noise either.
  surface.repeats["power"].repeats = 1;
  surface.repeats["power"].values = surface.power_w();
  try {
    experiments::verifiable_optimum(surface, core::Goal::max_throughput(20.0), 1.0);
    FAIL() << "expected an InputError";
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("metrics_std/power"), std::string::npos) << e.what();
  }
}

}  // namespace
