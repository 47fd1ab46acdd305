// The recorded surfaces in traces/surfaces/recorded/ (LoudVA's measurements
// of a Xavier NX and a Jetson Nano): make-loudva.sh rebuilds them byte for
// byte from the committed source tables, and they load as recorded surfaces
// with the grids the sources hold.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "experiments/run/optimizer_context.h"
#include "tests/support/run_binary.h"
#include "traces/surface_file.h"

namespace {

namespace fs = std::filesystem;

TEST(RecordedSurfacesTest, TheScriptRebuildsTheShippedFilesByteForByte) {
  const fs::path shipped = fs::path(EDGETUNE_SOURCE_DIR) / "traces/surfaces/recorded";
  const fs::path copy = testing_support::temp_path("recorded");
  fs::remove_all(copy);
  fs::create_directories(copy);
  fs::copy(shipped / "loudva", copy / "loudva", fs::copy_options::recursive);
  fs::copy(shipped / "make-loudva.sh", copy / "make-loudva.sh");
  const std::string make =
      "bash '" + (copy / "make-loudva.sh").string() + "' '" + EDGETUNE_BINARY + "' >/dev/null";
  ASSERT_EQ(std::system(make.c_str()), 0);
  for (const char* name : {"xavier-nx_inception.h5", "jetson-nano_inception.h5"}) {
    EXPECT_TRUE(testing_support::read_file((copy / name).string()) ==
                testing_support::read_file((shipped / name).string()))
        << name << " differs from the committed file";
  }
  fs::remove_all(copy);
}

TEST(RecordedSurfacesTest, TheyLoadAsRecordedSurfacesOfTheSourceGrids) {
  const std::string dir = std::string(EDGETUNE_SOURCE_DIR) + "/traces/surfaces/recorded/";
  const traces::Surface nx = traces::load_surface(dir + "xavier-nx_inception.h5");
  EXPECT_EQ(nx.provenance, "recorded");
  EXPECT_EQ(nx.device, "jetson-xavier-nx");
  EXPECT_EQ(nx.space.knob(0).name, "gpu_freq");
  EXPECT_EQ(nx.space.knob(0).values.size(), 15u);  // 114.75 .. 1109.25 MHz
  EXPECT_DOUBLE_EQ(nx.space.knob(0).values.back(), 1109.25);
  EXPECT_EQ(nx.space.knob(1).values.size(), 18u);  // 1 .. 18 clients
  EXPECT_TRUE(nx.metrics_std.empty()) << "one reading per point";
  const traces::Surface nano = traces::load_surface(dir + "jetson-nano_inception.h5");
  EXPECT_EQ(nano.device, "jetson-nano");
  EXPECT_EQ(nano.space.size(), 143u);  // 11 GPU clocks x 13 concurrencies
}

// The default sweep runs them after the synthetic surfaces (whose run ids
// stay as they were), every optimizer of the main job works on them, and
// their rows are labelled recorded.
TEST(RecordedSurfacesTest, TheDefaultSweepRunsThemAfterTheSyntheticOnes) {
  const std::vector<std::string> all = experiments::shipped_surfaces();
  const std::vector<std::string> synthetic = experiments::shipped_synthetic_surfaces();
  ASSERT_EQ(all.size(), synthetic.size() + 2);
  EXPECT_TRUE(std::equal(synthetic.begin(), synthetic.end(), all.begin()));
  EXPECT_NE(all[all.size() - 2].find("recorded/jetson-nano_inception.h5"), std::string::npos);
  EXPECT_NE(all.back().find("recorded/xavier-nx_inception.h5"), std::string::npos);
  const std::string out = testing_support::temp_path("recorded-default-sweep");
  const auto r = testing_support::run_edgetune(
      "sweep --quiet --force --optimizers coral,static-nvpmodel,maple-edge --scenarios smoke "
      "--seeds 1 --json --out " +
      out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string runs = testing_support::read_file(out + "/runs.csv");
  EXPECT_NE(runs.find("jetson-nano_inception,jetson-nano,inception-triton,recorded,"),
            std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(r.out)["runs_failed"], 0) << "static-nvpmodel knows the Nano";
  const auto summary = testing_support::run_edgetune("report " + out);
  ASSERT_EQ(summary.exit_code, 0) << summary.err;
  EXPECT_NE(summary.out.find("| coral | recorded | max-throughput |"), std::string::npos)
      << summary.out;
}

}  // namespace
