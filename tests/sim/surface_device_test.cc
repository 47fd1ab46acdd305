#include "sim/surface_device.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/errors.h"
#include "tests/support/option_errors.h"
#include "tests/support/tiny_surface.h"

namespace {

TEST(SurfaceDeviceTest, NoiseHasTheSurfaceMeanAndStd) {
  auto surface = std::make_shared<const traces::Surface>(testing_support::two_knob_surface(0.05));
  sim::SurfaceDevice device(surface, 42);
  const core::Config c{{3, 2}};
  const std::size_t i = surface->space.index(c);
  const double mean = surface->power_w()[i], sd = surface->metrics_std.at("power").values[i];
  double sum = 0, sum_sq = 0;
  const int n = 20000;
  for (int k = 0; k < n; ++k) {
    const double w = device.measure(c).power_w;
    sum += w;
    sum_sq += w * w;
  }
  const double m = sum / n, s = std::sqrt(sum_sq / n - m * m);
  EXPECT_NEAR(m, mean, 4 * sd / std::sqrt(n));
  EXPECT_NEAR(s, sd, 0.03 * sd);
}

TEST(SurfaceDeviceTest, DeterministicForASeedAndDifferentAcrossSeeds) {
  auto surface = std::make_shared<const traces::Surface>(testing_support::two_knob_surface(0.05));
  sim::SurfaceDevice a(surface, 7), b(surface, 7), c(surface, 8);
  const core::Config config{{1, 1}};
  const double first = a.measure(config).throughput_fps;
  EXPECT_EQ(first, b.measure(config).throughput_fps);
  EXPECT_NE(first, c.measure(config).throughput_fps);
}

// Common random numbers: the k-th reading of a point depends on the seed,
// the point and k only, not on what else was read before it.
TEST(SurfaceDeviceTest, TheKthReadingOfAPointIgnoresTheOtherReadings) {
  auto surface = std::make_shared<const traces::Surface>(testing_support::two_knob_surface(0.05));
  sim::SurfaceDevice a(surface, 7), b(surface, 7);
  const core::Config x{{1, 1}}, y{{2, 3}}, z{{0, 2}};
  const core::Measurement a1 = a.measure(x);
  a.measure(y);
  const core::Measurement a2 = a.measure(x);
  b.measure(z);
  b.measure(y);
  b.measure(z);
  const core::Measurement b1 = b.measure(x);
  const core::Measurement b2 = b.measure(x);
  EXPECT_EQ(a1.throughput_fps, b1.throughput_fps);
  EXPECT_EQ(a1.power_w, b1.power_w);
  EXPECT_EQ(a2.throughput_fps, b2.throughput_fps);
  EXPECT_EQ(a2.power_w, b2.power_w);
  EXPECT_NE(a1.power_w, a2.power_w);  // a second reading is a new draw
}

TEST(SurfaceDeviceTest, ReplaysRepeatsInOrderThenCycles) {
  traces::Surface s = testing_support::two_knob_surface(0.05);
  auto& repeats = s.repeats["throughput"];
  repeats.repeats = 3;
  for (std::size_t i = 0; i < s.space.size(); ++i)
    for (int r = 0; r < 3; ++r) repeats.values.push_back(1000.0 * i + r);
  sim::SurfaceDevice device(std::make_shared<const traces::Surface>(s), 1);
  const core::Config c{{0, 1}};
  const std::size_t i = s.space.index(c);
  for (int r : {0, 1, 2, 0}) EXPECT_EQ(device.measure(c).throughput_fps, 1000.0 * i + r);
}

TEST(SurfaceDeviceTest, UnavailablePointsCostTimeButHaveNoMetrics) {
  traces::Surface s = testing_support::two_knob_surface();
  s.metrics["throughput"].values[5] = NAN;
  sim::SurfaceDeviceOptions options;
  options.settle_s = 1.5;
  options.window_s = 4.0;
  options.noise = false;
  sim::SurfaceDevice device(std::make_shared<const traces::Surface>(s), 1, options);
  const core::Measurement m = device.measure(s.space.config(5));
  EXPECT_FALSE(m.available);
  EXPECT_TRUE(std::isnan(m.power_w));
  EXPECT_DOUBLE_EQ(m.cost_s, 5.5);
  const core::Measurement ok = device.measure(s.space.config(6));
  EXPECT_TRUE(ok.available);
  EXPECT_EQ(ok.throughput_fps, s.throughput_fps()[6]);
}

TEST(SurfaceDeviceTest, ExtraMetricsOnlyWhenAsked) {
  traces::Surface s = testing_support::two_knob_surface();
  s.metrics["latency_p99"] = {"ms", std::vector<double>(s.space.size(), 12.5)};
  auto shared = std::make_shared<const traces::Surface>(s);
  EXPECT_TRUE(sim::SurfaceDevice(shared, 1).measure(s.space.config(0)).extra.empty());
  sim::SurfaceDeviceOptions options;
  options.report_extra_metrics = true;
  EXPECT_EQ(
      sim::SurfaceDevice(shared, 1, options).measure(s.space.config(0)).extra.at("latency_p99"),
      12.5);
}

TEST(SurfaceDeviceTest, NegativeTimesAreRejected) {
  sim::SurfaceDeviceOptions options;
  options.settle_s = -1;
  EXPECT_EQ(testing_support::input_error_of([&] { options.validate(); }),
            "surface device option settle_s is -1; it must be a finite number of seconds >= 0");
  options = {};
  options.window_s = INFINITY;
  EXPECT_EQ(testing_support::input_error_of([&] { options.validate(); }),
            "surface device option window_s is inf; it must be a finite number of seconds >= 0");
}

}  // namespace
