// The denoised reference's values: a single-reading outlier on a recorded
// surface is replaced by its neighbours' median, steady trends and
// unavailable points are kept, and synthetic or repeated data pass as is.
#include "traces/denoised_metrics.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/support/tiny_surface.h"

namespace {

// fps rises with both knobs; power too. 6 x 4 grid.
traces::Surface recorded_surface() {
  traces::Surface s = testing_support::two_knob_surface();
  s.provenance = "recorded";
  return s;
}

// Both metrics rise (or stay) with both knobs: every point is kept,
// at the grid's edges and corners too.
TEST(DenoisedMetricsTest, ASteadilyRisingSurfaceIsKeptExactlyEverywhere) {
  const traces::Surface s = recorded_surface();
  const traces::DenoisedMetrics d = traces::denoised_metrics(s);
  EXPECT_EQ(d.throughput_fps, s.throughput_fps());
  EXPECT_EQ(d.power_w, s.power_w());
  EXPECT_NE(d.method.find("neighbours"), std::string::npos);
}

TEST(DenoisedMetricsTest, ALuckyReadingIsReplacedByItsNeighboursMedian) {
  traces::Surface s = recorded_surface();
  const std::size_t spike = s.space.index(core::Config{{3, 2}});
  const double truth = s.metrics["throughput"].values[spike];
  s.metrics["throughput"].values[spike] = truth * 1.15;
  const traces::DenoisedMetrics d = traces::denoised_metrics(s);
  EXPECT_LE(d.throughput_fps[spike], truth * 1.0001) << "the spike is gone";
  EXPECT_GE(d.throughput_fps[spike], truth * 0.9);
}

TEST(DenoisedMetricsTest, UnavailablePointsStayUnavailableAndAreNotNeighbours) {
  traces::Surface s = recorded_surface();
  const std::size_t hole = s.space.index(core::Config{{2, 1}});
  s.metrics["throughput"].values[hole] = NAN;
  s.metrics["power"].values[hole] = NAN;
  const traces::DenoisedMetrics d = traces::denoised_metrics(s);
  EXPECT_TRUE(std::isnan(d.throughput_fps[hole]));
  for (std::size_t i = 0; i < s.space.size(); ++i) {
    if (i != hole) {
      EXPECT_FALSE(std::isnan(d.throughput_fps[i])) << i;
    }
  }
}

TEST(DenoisedMetricsTest, SyntheticAndRepeatedSurfacesPassAsTheyAre) {
  traces::Surface synthetic = testing_support::two_knob_surface();
  synthetic.metrics["throughput"].values[5] *= 1.5;  // not a reading: the truth
  EXPECT_EQ(traces::denoised_metrics(synthetic).throughput_fps, synthetic.throughput_fps());
  traces::Surface repeated = recorded_surface();
  repeated.metrics["throughput"].values[5] *= 1.5;
  repeated.repeats["throughput"] = {"fps", 3, std::vector<double>(3 * repeated.space.size(), 1.0)};
  const traces::DenoisedMetrics d = traces::denoised_metrics(repeated);
  EXPECT_EQ(d.throughput_fps, repeated.throughput_fps()) << "/metrics is the median of repeats";
  EXPECT_EQ(d.method, "median of the repeats");
}

}  // namespace
