// The shipped surfaces load, and are hard enough to be worth optimizing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "core/distance_correlation.h"
#include "core/goal.h"
#include "experiments/run/optimizer_context.h"
#include "experiments/run/run_one.h"
#include "experiments/surfaces/surface_summary.h"
#include "traces/surface_file.h"

namespace {

std::vector<traces::Surface> shipped() {
  std::vector<traces::Surface> surfaces;
  for (const std::string& path : experiments::shipped_synthetic_surfaces())
    surfaces.push_back(traces::load_surface(path));
  return surfaces;
}

double throughput_dcor(const traces::Surface& s, const std::string& knob) {
  const std::size_t k = *s.space.knob_index(knob);
  std::vector<double> x, y;
  for (std::size_t i = 0; i < s.space.size(); ++i) {
    if (!s.available(i)) continue;
    x.push_back(s.space.value(s.space.config(i), k));
    y.push_back(s.throughput_fps()[i]);
  }
  return core::distance_correlation_1d(x, y);
}

TEST(ShippedSurfacesTest, SixSurfacesOfTwoBoardsAndThreeModels) {
  const auto surfaces = shipped();
  ASSERT_EQ(surfaces.size(), 6u);
  std::set<std::string> devices, models;
  for (const auto& s : surfaces) {
    devices.insert(s.device);
    models.insert(s.model);
    EXPECT_GE(s.space.size(), 1000u);
    EXPECT_LE(s.space.size(), 50000u);
    EXPECT_EQ(s.provenance, "synthetic");
    for (const char* metric : {"latency_p50", "latency_p99", "energy_per_frame"})
      EXPECT_TRUE(s.metrics.count(metric));
    EXPECT_FALSE(s.metrics_std.empty());
  }
  EXPECT_EQ(devices.size(), 2u);
  EXPECT_EQ(models.size(), 3u);
  EXPECT_TRUE(std::any_of(surfaces.begin(), surfaces.end(),
                          [](const auto& s) { return !s.repeats.empty(); }));
}

TEST(ShippedSurfacesTest, SameThroughputCostsUpToTwiceThePower) {
  for (const auto& s : shipped()) {
    double worst_ratio = 0;
    for (const auto& band : experiments::summarize(s).bands)
      worst_ratio = std::max(worst_ratio, band.max_power_w / band.min_power_w);
    EXPECT_GE(worst_ratio, 1.6) << s.path;
  }
}

TEST(ShippedSurfacesTest, OptimaAreNotAllAtMaxClocks) {
  for (const auto& s : shipped()) {
    const auto summary = experiments::summarize(s);
    const auto& power = summary.ranges.at("power");
    const core::Goal mid = core::Goal::max_throughput(power.min + 0.5 * (power.max - power.min));
    const core::OracleResult best = experiments::surface_oracle(s, mid);
    ASSERT_TRUE(best.best) << s.path;
    EXPECT_NE(best.best->level, s.space.max_config().level) << s.path;
    // Energy-optimal is not max clocks either.
    core::Goal efficiency;
    efficiency.objective = core::Objective::kMaxEfficiency;
    const core::OracleResult efficient = experiments::surface_oracle(s, efficiency);
    const std::size_t gpu = *s.space.knob_index("gpu_freq");
    EXPECT_LT(efficient.best->level[gpu], static_cast<int>(s.space.knob(gpu).values.size()) - 1)
        << s.path;
  }
}

TEST(ShippedSurfacesTest, LightModelsAreCpuBoundAndHeavyOnesGpuBound) {
  for (const auto& s : shipped()) {
    const double cpu = throughput_dcor(s, "cpu_freq"), gpu = throughput_dcor(s, "gpu_freq");
    if (s.model == "yolov8x") {
      EXPECT_GT(gpu, 3 * cpu) << s.path;
    }
    if (s.model == "yolov8n" && s.device == "jetson-agx-orin-64gb") {
      EXPECT_GT(cpu, gpu) << s.path;
    }
  }
}

TEST(ShippedSurfacesTest, HeavyModelRunsOutOfMemoryOnTheSmallBoard) {
  for (const auto& s : shipped()) {
    if (s.device != "jetson-xavier-nx" || s.model != "yolov8x") continue;
    const auto summary = experiments::summarize(s);
    EXPECT_LT(summary.available, summary.points);
    EXPECT_GT(summary.available, summary.points / 2);
  }
}

}  // namespace
