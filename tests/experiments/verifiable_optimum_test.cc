#include "experiments/verifiable_optimum.h"

#include <gtest/gtest.h>

#include "core/errors.h"
#include "experiments/run_one.h"
#include "tests/support/tiny_surface.h"

namespace {

// two_knob_surface: fps = 100 min(g, 0.4 + 0.6 m), W = 5 + 20 g^3 + 6 m.
// At 2% noise, 1300 MHz x 3199 MHz (100 fps, 31 W, the only 100 fps point)
// keeps 1.5 sd of its power noise (0.93 W) under a 32 W budget but not 2 sd
// (1.24 W).
TEST(VerifiableOptimumTest, TightensEachConstraintByThePointsOwnNoise) {
  const traces::Surface surface = testing_support::two_knob_surface(0.02);
  const core::Goal budget = core::Goal::max_throughput(32.0);
  const core::OracleResult plain = experiments::surface_oracle(surface, budget);
  const core::OracleResult zero =
      experiments::verifiable_optimum(surface, budget, 0.0);
  EXPECT_EQ(zero.best, plain.best);
  EXPECT_EQ(zero.feasible, plain.feasible);
  EXPECT_DOUBLE_EQ(plain.throughput_fps, 100.0);
  EXPECT_DOUBLE_EQ(
      experiments::verifiable_optimum(surface, budget, 1.5).throughput_fps,
      100.0);
  const core::OracleResult two =
      experiments::verifiable_optimum(surface, budget, 2.0);
  ASSERT_TRUE(two.best);
  EXPECT_LT(two.throughput_fps, 100.0);
  EXPECT_LT(two.feasible, plain.feasible);
  // The score stays on the noise-free values: the best of what remains.
  for (std::size_t i = 0; i < surface.space.size(); ++i) {
    const double fps = surface.throughput_fps()[i], w = surface.power_w()[i];
    if (w + 2.0 * 0.02 * w <= 32.0) {
      EXPECT_LE(fps, two.throughput_fps);
    }
  }
  // A throughput target is tightened the other way: 2 sd of 2% over 60 fps.
  const core::OracleResult target = experiments::verifiable_optimum(
      surface, core::Goal::min_power(60.0), 2.0);
  ASSERT_TRUE(target.best);
  EXPECT_GE(target.throughput_fps * (1 - 2 * 0.02), 60.0);
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
  const experiments::MeasurementNoise noise =
      experiments::measurement_noise(surface);
  EXPECT_NEAR(noise.power_w[0], std::sqrt(2.0) * 0.01 * surface.power_w()[0],
              1e-12);
  EXPECT_NEAR(noise.throughput_fps[5],
              std::sqrt(2.0) * 0.01 * surface.throughput_fps()[5], 1e-12);
}

TEST(VerifiableOptimumTest, ASurfaceWithoutNoiseSaysSo) {
  const traces::Surface surface = testing_support::two_knob_surface(0.0);
  try {
    experiments::verifiable_optimum(surface, core::Goal::max_throughput(20.0),
                                    1.0);
    FAIL() << "expected an InputError";
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("metrics_std/throughput"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
