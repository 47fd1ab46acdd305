#include "traces/surface_file.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/errors.h"
#include "tests/support/tiny_surface.h"

namespace {

using testing_support::temp_path;
using testing_support::two_knob_surface;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(SurfaceFileTest, RoundTripKeepsEverything) {
  traces::Surface surface = two_knob_surface(0.02);
  surface.metrics["throughput"].values[3] = NAN;
  surface.metrics["power"].values[3] = NAN;
  auto& repeats = surface.repeats["power"];
  repeats.unit = "W";
  repeats.repeats = 3;
  // Three readings around each power value (anything where it is not).
  for (std::size_t i = 0; i < surface.space.size() * 3; ++i)
    repeats.values.push_back(std::isnan(surface.power_w()[i / 3])
                                 ? 1.0
                                 : surface.power_w()[i / 3] * (0.99 + 0.01 * (i % 3)));
  const std::string path = temp_path("roundtrip.h5");
  traces::write_surface(surface, path, true);
  const traces::Surface loaded = traces::load_surface(path);
  EXPECT_EQ(loaded.path, path);
  EXPECT_EQ(loaded.device, surface.device);
  EXPECT_EQ(loaded.model, surface.model);
  EXPECT_EQ(loaded.provenance, "synthetic");
  EXPECT_EQ(loaded.description, surface.description);
  EXPECT_EQ(loaded.space, surface.space);
  ASSERT_EQ(loaded.metrics.size(), 2u);
  for (const auto& [name, metric] : surface.metrics) {
    const auto& got = loaded.metrics.at(name);
    EXPECT_EQ(got.unit, metric.unit);
    ASSERT_EQ(got.values.size(), metric.values.size());
    for (std::size_t i = 0; i < metric.values.size(); ++i) {
      if (std::isnan(metric.values[i]))
        EXPECT_TRUE(std::isnan(got.values[i]));
      else
        EXPECT_EQ(got.values[i], metric.values[i]);
    }
  }
  EXPECT_FALSE(loaded.available(3));
  EXPECT_TRUE(loaded.available(4));
  EXPECT_EQ(loaded.metrics_std.at("power").values, surface.metrics_std.at("power").values);
  EXPECT_EQ(loaded.repeats.at("power").repeats, 3u);
  EXPECT_EQ(loaded.repeats.at("power").values, repeats.values);
}

TEST(SurfaceFileTest, WritingIsByteDeterministic) {
  const traces::Surface surface = two_knob_surface(0.01);
  const std::string a = temp_path("det-a.h5"), b = temp_path("det-b.h5");
  traces::write_surface(surface, a, true);
  traces::write_surface(surface, b, true);
  EXPECT_EQ(slurp(a), slurp(b));
}

TEST(SurfaceFileTest, RefusesToOverwriteWithoutForce) {
  const std::string path = temp_path("exists.h5");
  traces::write_surface(two_knob_surface(), path, true);
  try {
    traces::write_surface(two_knob_surface(), path, false);
    FAIL() << "expected InputError";
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("--force"), std::string::npos) << e.what();
  }
}

TEST(SurfaceFileTest, UnwritableDirectoryIsAnInputErrorAndLeavesNoFile) {
  EXPECT_THROW(traces::write_surface(two_knob_surface(), "/nonexistent-dir/x.h5", true),
               core::InputError);
  EXPECT_FALSE(std::filesystem::exists("/nonexistent-dir/x.h5"));
}

TEST(SurfaceFileTest, MissingFileIsOneLine) {
  try {
    traces::load_surface("/no/such/surface.h5");
    FAIL();
  } catch (const core::InputError& e) {
    EXPECT_STREQ(e.what(), "/no/such/surface.h5: no such file; check the path");
  }
}

TEST(SurfaceFileTest, DirectoryIsRejected) {
  const std::string dir = temp_path("a-directory");
  std::filesystem::create_directories(dir);
  EXPECT_THROW(traces::load_surface(dir), core::InputError);
}

TEST(SurfaceFileTest, NonHdf5FileIsRejected) {
  const std::string path = temp_path("text.h5");
  std::ofstream(path) << "not hdf5\n";
  try {
    traces::load_surface(path);
    FAIL();
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("not an HDF5 file"), std::string::npos);
  }
}

TEST(SurfaceFileTest, TruncatedFileIsRejectedNotCrashed) {
  const std::string path = temp_path("truncated.h5");
  traces::write_surface(two_knob_surface(0.01), path, true);
  const auto size = std::filesystem::file_size(path);
  std::filesystem::resize_file(path, size / 2);
  try {
    traces::load_surface(path);
    FAIL();
  } catch (const core::InputError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.find('\n'), std::string::npos);
    EXPECT_EQ(message.rfind(path, 0), 0u) << message;
  }
}

}  // namespace
