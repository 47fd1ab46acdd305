#include "sim/synthesizer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "core/errors.h"
#include "sim/device_profile.h"
#include "sim/model_profile.h"
#include "tests/support/option_errors.h"
#include "tests/support/tiny_surface.h"
#include "traces/surface_file.h"

namespace {

sim::PerformanceModel orin(const std::string& model) {
  return sim::PerformanceModel(sim::load_device_profile("jetson-agx-orin-64gb"),
                               sim::load_model_profile(model));
}

TEST(SynthesizerTest, SameSeedSameSurfaceAndRepeatsAroundTheMean) {
  sim::SynthOptions options;
  options.seed = 3;
  options.repeats = 4;
  const traces::Surface a = sim::synthesize(orin("yolov8s"), options);
  const traces::Surface b = sim::synthesize(orin("yolov8s"), options);
  EXPECT_EQ(a.metrics.at("power").values, b.metrics.at("power").values);
  options.seed = 4;
  EXPECT_NE(a.metrics.at("power").values,
            sim::synthesize(orin("yolov8s"), options).metrics.at("power").values);
  EXPECT_EQ(a.repeats.at("throughput").values.size(), 4 * a.space.size());
  EXPECT_EQ(a.provenance, "synthetic");
}

TEST(SynthesizerTest, PhysicsTrends) {
  const sim::PerformanceModel heavy = orin("yolov8x");
  sim::OperatingPoint p{1497.6, 8, 624.75, 3199, 4};
  const sim::PointMetrics base = heavy.evaluate(p);
  sim::OperatingPoint faster_gpu = p;
  faster_gpu.gpu_freq_mhz = 1300.5;
  EXPECT_GT(heavy.evaluate(faster_gpu).throughput_fps, 1.3 * base.throughput_fps);
  EXPECT_GT(heavy.evaluate(faster_gpu).power_w, base.power_w);
  sim::OperatingPoint faster_cpu = p;
  faster_cpu.cpu_freq_mhz = 2201.6;
  EXPECT_LT(heavy.evaluate(faster_cpu).throughput_fps, 1.05 * base.throughput_fps);  // GPU-bound
  const sim::PerformanceModel light = orin("yolov8n");
  EXPECT_GT(light.evaluate(faster_cpu).throughput_fps,
            1.2 * light.evaluate(p).throughput_fps);  // CPU-bound
  // Memory bandwidth matters only when the GPU is fast (non-linear GPU x EMC).
  auto emc_gain = [&](double gpu) {
    sim::OperatingPoint lo{1497.6, 8, gpu, 665.6, 4}, hi{1497.6, 8, gpu, 3199, 4};
    return heavy.evaluate(hi).throughput_fps / heavy.evaluate(lo).throughput_fps;
  };
  EXPECT_GT(emc_gain(1300.5), emc_gain(216.75) + 0.2);
}

TEST(SynthesizerTest, OutOfMemoryPointsAreUnavailable) {
  const sim::PerformanceModel nx(sim::load_device_profile("jetson-xavier-nx"),
                                 sim::load_model_profile("yolov8x"));
  EXPECT_TRUE(nx.evaluate({1420.8, 6, 1109.25, 1866, 2}).available);
  EXPECT_FALSE(nx.evaluate({1420.8, 6, 1109.25, 1866, 8}).available);
}

TEST(ProfileTest, BadProfilesNameFileAndField) {
  EXPECT_THROW(sim::load_device_profile("no-such-board"), core::InputError);
  const std::string path = testing_support::temp_path("bad-device.json");
  std::ofstream(path) << R"({"id": "x", "name": "x", "sources": ["s"],
    "knobs": {"cpu_freq": [2, 1], "cpu_cores": [1], "gpu_freq": [1], "emc_freq": [1], "max_concurrency": 1}})";
  try {
    sim::load_device_profile(path);
    FAIL();
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("'cpu_freq': values not strictly increasing"),
              std::string::npos)
        << e.what();
  }
  std::ofstream(path) << R"({"id": "x", "name": "x"})";
  EXPECT_THROW(sim::load_device_profile(path), core::InputError);
}

TEST(ProfileTest, PowerModesComeFromTheDeviceProfile) {
  const auto modes = sim::power_modes_for("jetson-agx-orin-64gb");
  ASSERT_EQ(modes.size(), 4u);
  EXPECT_EQ(modes[3].name, "15W");
  EXPECT_DOUBLE_EQ(modes[3].max_value.at("cpu_cores"), 4);
  EXPECT_TRUE(sim::power_modes_for("unknown-board").empty());
}

// Every shipped board profile synthesizes a surface that validates, whose
// peak power is of its module's budget plus the carrier, and lists its
// nvpmodel modes (the top one uncapped) for static-nvpmodel.
TEST(ProfileTest, EveryBoardSynthesizesWithinItsBudgetAndListsItsModes) {
  struct Board {
    const char* id;
    double max_w;  // module budget at MAXN plus carrier and idle headroom
  };
  for (const Board& board : {Board{"jetson-agx-orin-64gb", 65}, Board{"jetson-xavier-nx", 24},
                             Board{"jetson-orin-nano-8gb", 18}, Board{"jetson-agx-xavier", 36},
                             Board{"jetson-orin-nx-16gb", 32}, Board{"jetson-orin-nx-8gb", 26},
                             Board{"jetson-nano", 11}}) {
    const sim::DeviceProfile device = sim::load_device_profile(board.id);
    const traces::Surface s = sim::synthesize(
        sim::PerformanceModel(device, sim::load_model_profile("yolov8s")), sim::SynthOptions{});
    EXPECT_NO_THROW(traces::validate_surface(s)) << board.id;
    double peak = 0;
    for (std::size_t i = 0; i < s.space.size(); ++i)
      if (s.available(i)) peak = std::max(peak, s.power_w()[i]);
    EXPECT_LT(peak, board.max_w) << board.id;
    EXPECT_GT(peak, 0.5 * board.max_w) << board.id;
    const auto modes = sim::power_modes_for(board.id);
    ASSERT_GE(modes.size(), 2u) << board.id;
    EXPECT_TRUE(modes.front().max_value.empty()) << board.id << ": the first mode is uncapped";
    for (std::size_t m = 1; m < modes.size(); ++m) EXPECT_FALSE(modes[m].max_value.empty());
  }
}

TEST(SynthesizerTest, RejectsBadOptions) {
  sim::SynthOptions options;
  options.repeats = 101;
  EXPECT_EQ(testing_support::input_error_of([&] { options.validate(); }),
            "synth option repeats is 101; it must be in [0, 100]");
  options = {};
  options.power_noise = -0.1;
  EXPECT_EQ(testing_support::input_error_of([&] { options.validate(); }),
            "synth option power_noise is -0.1; it must be in [0, 1)");
  options = {};
  options.throughput_noise_floor_fps = INFINITY;
  EXPECT_EQ(testing_support::input_error_of([&] { options.validate(); }),
            "synth option throughput_noise_floor_fps is inf; it must be finite and >= 0");
}

}  // namespace
