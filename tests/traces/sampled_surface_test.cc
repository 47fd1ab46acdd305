// Format version 2 (traces/surface-format-v2.md): a surface says which
// points were measured; unmeasured points of a surface nobody completed are
// NaN and refuse replay; version-1 surfaces are written and read as before.
#include <H5Cpp.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "core/errors.h"
#include "tests/support/run_binary.h"
#include "tests/support/tiny_surface.h"
#include "traces/skipped_levels.h"
#include "traces/surface_file.h"

namespace {

namespace fs = std::filesystem;
using testing_support::temp_path;

// The two-knob board with every third point measured and the rest NaN.
traces::Surface sampled_surface() {
  traces::Surface s = testing_support::two_knob_surface();
  s.provenance = "recorded";
  s.measured.assign(s.space.size(), 0);
  for (std::size_t i = 0; i < s.space.size(); ++i) {
    if (i % 3 == 0) {
      s.measured[i] = 1;
      continue;
    }
    for (auto& [name, metric] : s.metrics) metric.values[i] = NAN;
  }
  return s;
}

long long format_version(const std::string& path) {
  H5::H5File file(path, H5F_ACC_RDONLY);
  long long version = 0;
  file.openAttribute("format_version").read(H5::PredType::NATIVE_LLONG, &version);
  return version;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "";
}

TEST(SampledSurfaceTest, TheMeasuredMaskRoundTripsAsVersionTwo) {
  const traces::Surface s = sampled_surface();
  const std::string path = temp_path("sampled.h5");
  traces::write_surface(s, path, true);
  const traces::Surface loaded = traces::load_surface(path);
  EXPECT_EQ(loaded.measured, s.measured);
  EXPECT_EQ(loaded.measured_points(), 8u);
  EXPECT_TRUE(loaded.has_unknown_points());
  EXPECT_EQ(format_version(path), 2);
  fs::remove(path);
}

TEST(SampledSurfaceTest, AFullSurfaceStaysVersionOne) {
  const std::string path = temp_path("full.h5");
  traces::write_surface(testing_support::two_knob_surface(), path, true);
  const traces::Surface loaded = traces::load_surface(path);
  EXPECT_TRUE(loaded.measured.empty());
  EXPECT_EQ(loaded.measured_points(), loaded.space.size());
  EXPECT_FALSE(loaded.has_unknown_points());
  EXPECT_EQ(format_version(path), 1);
  fs::remove(path);
}

TEST(SampledSurfaceTest, BrokenMasksAreRefusedByName) {
  traces::Surface valued = sampled_surface();
  valued.metrics["power"].values[1] = 5.0;  // a reading at a point nobody measured
  const std::string message = error_of([&] { traces::validate_surface(valued); });
  EXPECT_NE(
      message.find("/metrics/power: value 5 at " + valued.space.describe(valued.space.config(1)) +
                   ", a point /measured says nobody measured"),
      std::string::npos)
      << message;
  traces::Surface two = sampled_surface();
  two.measured[4] = 2;
  EXPECT_NE(error_of([&] { traces::validate_surface(two); }).find("/measured: value 2"),
            std::string::npos);
  traces::Surface short_mask = sampled_surface();
  short_mask.measured.pop_back();
  EXPECT_NE(error_of([&] {
              traces::validate_surface(short_mask);
            }).find("/measured: has 23 values, the grid has 24"),
            std::string::npos);
  traces::Surface unmasked_completion = testing_support::two_knob_surface();
  unmasked_completion.completion.method = "log-gp";
  EXPECT_NE(error_of([&] {
              traces::validate_surface(unmasked_completion);
            }).find("must say which points were measured"),
            std::string::npos);
}

TEST(SampledSurfaceTest, OnlyAKnownCompletionMakesASampleReplayable) {
  traces::Surface s = sampled_surface();
  s.completion = {"x", "{}", 8};  // NaN left unmeasured, under a made-up method
  EXPECT_NE(error_of([&] { traces::validate_surface(s); })
                .find("attribute 'completion_method' is 'x', not a model edgetune completes "
                      "surfaces with (log-gp, model-gp)"),
            std::string::npos);
  s.completion = {"log-gp", "not json", 8};
  EXPECT_NE(error_of([&] {
              traces::validate_surface(s);
            }).find("'completion_parameters' is not a JSON object"),
            std::string::npos);
  s.completion = {"log-gp", "{}", 9};
  EXPECT_NE(error_of([&] {
              traces::validate_surface(s);
            }).find("'completion_readings' is 9, more than the 8 points"),
            std::string::npos);
}

// libhdf5 clamps a signed -1 to 0 when it reads into unsigned bytes: a
// signed mask is refused before that.
TEST(SampledSurfaceTest, ASignedMaskIsRefused) {
  const std::string path = temp_path("signed-mask.h5");
  traces::write_surface(sampled_surface(), path, true);
  {
    H5::H5File file(path, H5F_ACC_RDWR);
    file.unlink("measured");
    const hsize_t dims[2] = {6, 4};
    H5::DataSet signed_mask =
        file.createDataSet("measured", H5::PredType::STD_I8LE, H5::DataSpace(2, dims));
    std::vector<signed char> values(24, -1);
    signed_mask.write(values.data(), H5::PredType::NATIVE_SCHAR);
  }
  EXPECT_NE(error_of([&] {
              traces::load_surface(path);
            }).find("/measured: values must be unsigned 8-bit integers"),
            std::string::npos);
  fs::remove(path);
}

// Levels no configuration can run at are left out of a replay; a
// completed surface's mask follows its metrics, and a sample with unknown
// points is left whole (its refusal counts the true grid).
TEST(SampledSurfaceTest, SkippedLevelsKeepTheMaskAligned) {
  traces::Surface completed = sampled_surface();
  completed.completion = {"log-gp", "{}", 8};
  const core::ConfigSpace& space = completed.space;
  for (std::size_t i = 0; i < space.size(); ++i) {
    const bool middle_gpu = space.config(i).level[0] == 2;  // no configuration runs there
    for (auto& [name, metric] : completed.metrics) {
      if (middle_gpu)
        metric.values[i] = NAN;
      else if (std::isnan(metric.values[i]))
        metric.values[i] = 1.0;
    }
  }
  const traces::Surface replay = traces::without_skipped_levels(completed);
  ASSERT_EQ(replay.space.size(), 20u);
  ASSERT_EQ(replay.measured.size(), 20u);
  for (std::size_t i = 0; i < replay.space.size(); ++i) {
    const core::Config c = replay.space.config(i);
    core::Config old = c;
    if (old.level[0] >= 2) ++old.level[0];
    EXPECT_EQ(replay.measured[i], completed.measured[space.index(old)]) << i;
  }
  const traces::Surface sampled = sampled_surface();
  EXPECT_EQ(traces::without_skipped_levels(sampled).space.size(), sampled.space.size());
}

TEST(SampledSurfaceTest, AVersionOneFileWithAMaskIsRefused) {
  const std::string path = temp_path("v1-with-mask.h5");
  traces::write_surface(sampled_surface(), path, true);
  {
    H5::H5File file(path, H5F_ACC_RDWR);
    const long long one = 1;
    file.openAttribute("format_version").write(H5::PredType::NATIVE_LLONG, &one);
  }
  EXPECT_NE(error_of([&] {
              traces::load_surface(path);
            }).find("/measured: is a format_version 2 extension, but the file says version 1"),
            std::string::npos);
  fs::remove(path);
}

TEST(SampledSurfaceTest, ReplayIsRefusedUntilCompleted) {
  const std::string message = error_of([&] { traces::require_replayable(sampled_surface()); });
  EXPECT_NE(message.find("only 8 of 24 points were measured (33.3%"), std::string::npos) << message;
  EXPECT_NE(message.find("edgetune complete"), std::string::npos) << message;

  traces::Surface completed = sampled_surface();
  completed.completion = {"log-gp", "{}", 8};
  for (auto& [name, metric] : completed.metrics)
    for (double& v : metric.values)
      if (std::isnan(v)) v = 1.0;
  traces::validate_surface(completed);
  EXPECT_NO_THROW(traces::require_replayable(completed));
  EXPECT_NO_THROW(traces::require_replayable(testing_support::two_knob_surface()));
}

TEST(SampledSurfaceTest, TheCommandsSayWhatWasMeasured) {
  const std::string path = temp_path("sampled-cli.h5");
  traces::write_surface(sampled_surface(), path, true);
  const auto validate = testing_support::run_edgetune("validate " + path);
  EXPECT_EQ(validate.exit_code, 0) << validate.err;
  EXPECT_NE(validate.out.find("8 of 24 points measured (33.3%)"), std::string::npos)
      << validate.out;
  const auto info = testing_support::run_edgetune("info --json " + path);
  const nlohmann::json j = nlohmann::json::parse(info.out);
  EXPECT_EQ(j.at("measured_points"), 8);
  EXPECT_EQ(j.at("format_version"), 2);
  const auto run = testing_support::run_edgetune(
      "run --optimizer random --goal max-throughput --power-budget 50 --surface " + path);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
  EXPECT_NE(run.err.find("edgetune complete"), std::string::npos) << run.err;
  // A sweep refuses it before any run (its runs once "failed" one by one).
  const auto sweep = testing_support::run_edgetune(
      "sweep --optimizers random --scenarios smoke --seeds 1 --force -q --out " + path +
      "-sweep --surfaces " + path);
  EXPECT_EQ(sweep.exit_code, 2);
  EXPECT_EQ(std::count(sweep.err.begin(), sweep.err.end(), '\n'), 1) << sweep.err;
  EXPECT_NE(sweep.err.find("edgetune complete"), std::string::npos) << sweep.err;
  fs::remove(path);
}

}  // namespace
