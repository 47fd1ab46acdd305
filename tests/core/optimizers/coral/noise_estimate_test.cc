// NoiseEstimate: pooled relative noise with and without the prior, the
// Student t multiplier, and when readings count as exact.
#include "core/optimizers/coral/noise_estimate.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/support/readings.h"

namespace {

const core::ConfigSpace& space() {
  static const core::ConfigSpace s({{"gpu_freq", "MHz", {300, 600, 900}}});
  return s;
}

using testing_support::reading;

TEST(NoiseEstimateTest, BeforeAnyRepeatItIsThePrior) {
  core::TrialHistory history;
  history.reset(space());
  history.add(reading(0, 10, 5));
  core::NoiseEstimate noise(0.015, 2.5);
  noise.update(history);
  EXPECT_DOUBLE_EQ(noise.fps(), 0.015);
  EXPECT_DOUBLE_EQ(noise.w(), 0.015);
  EXPECT_EQ(noise.observed_fps(), 0.0);
  EXPECT_FALSE(noise.observed());
  EXPECT_EQ(noise.observed_t(), 0.0);
  EXPECT_FALSE(noise.exact());
}

// Two configurations read twice: fps 10 and 12 (relative variance of the
// pair: m2 / mean^2 = 2 / 121), and 20 twice (0); power 5 and 5, 8 and 10
// (m2 2 / 81). Pooled over 2 degrees of freedom, with the prior's 2.
TEST(NoiseEstimateTest, PoolsRelativeVarianceOverRepeatsWithThePriorAsTwoDegreesOfFreedom) {
  core::TrialHistory history;
  history.reset(space());
  for (const auto& m : {reading(0, 10, 5), reading(0, 12, 5), reading(1, 20, 8), reading(1, 20, 10),
                        reading(2, 30, 12)})
    history.add(m);
  core::NoiseEstimate noise(0.1, 2.5);
  noise.update(history);
  const double fps_sum = 2.0 / 121.0, w_sum = 2.0 / 81.0, prior = 2 * 0.1 * 0.1;
  EXPECT_NEAR(noise.fps(), std::sqrt((prior + fps_sum) / 4.0), 1e-15);
  EXPECT_NEAR(noise.w(), std::sqrt((prior + w_sum) / 4.0), 1e-15);
  EXPECT_NEAR(noise.observed_fps(), std::sqrt(fps_sum / 2.0), 1e-15);
  EXPECT_NEAR(noise.observed_w(), std::sqrt(w_sum / 2.0), 1e-15);
  EXPECT_TRUE(noise.observed());
  // One-sided t quantile at 2 degrees of freedom for the level of z = 2.5
  // (p = 0.99379): t = 8.9 (tables: t_0.99,2 = 6.96, t_0.995,2 = 9.92).
  EXPECT_GT(noise.observed_t(), 6.96);
  EXPECT_LT(noise.observed_t(), 9.92);
  EXPECT_FALSE(noise.exact());
}

TEST(NoiseEstimateTest, ExactOnlyWhenTwoConfigurationsRepeatToTheBit) {
  core::TrialHistory history;
  history.reset(space());
  core::NoiseEstimate noise(0.015, 2.5);
  for (int i = 0; i < 3; ++i) history.add(reading(0, 10, 5));
  noise.update(history);
  EXPECT_TRUE(noise.observed());
  EXPECT_FALSE(noise.exact()) << "one configuration read alike may be a quiet point";
  history.add(reading(1, 20, 8));
  history.add(reading(1, 20, 8));
  noise.update(history);
  EXPECT_TRUE(noise.exact());
  history.add(reading(1, 20, 8.0000001));
  noise.update(history);
  EXPECT_FALSE(noise.exact());
}

}  // namespace
