// `edgetune compare` end to end: a sweep against itself passes, a clearly
// worse version of a method fails the gate, a stored runs.csv serves as
// BASE, and input that cannot be compared exits 2 in one line.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/run_binary.h"
#include "tests/support/tiny_surface.h"

namespace {

namespace fs = std::filesystem;
using testing_support::read_file;
using testing_support::run_edgetune;
using testing_support::shipped;
using testing_support::temp_path;

std::string sweep(const std::string& name, const std::string& extra) {
  const std::string out = temp_path("compare-" + name);
  fs::remove_all(out);
  const auto r = run_edgetune("sweep --quiet --optimizers coral --scenarios paper --seeds 4 " +
                              extra + " --out " + out);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return out;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

TEST(CompareCliTest, ASweepAgainstItselfPassesAndACrippledMethodFails) {
  const std::string base = sweep("base", "");
  const auto same = run_edgetune("compare " + base + " " + base + " --json");
  ASSERT_EQ(same.exit_code, 0) << same.err;
  const nlohmann::json j = nlohmann::json::parse(same.out);
  EXPECT_FALSE(j["verdict"]["regression"].get<bool>());
  for (const auto& row : j["paired"]) {
    EXPECT_EQ(row["median_difference"], 0.0);
    EXPECT_EQ(row["wins"], 0);
    EXPECT_EQ(row["losses"], 0);
  }
  // coral with 8 trials against coral with 30: the gate fails, and says so
  // on its first line. BASE is the stored runs.csv alone.
  const std::string stored = temp_path("compare-stored-runs.csv");
  fs::copy_file(base + "/runs.csv", stored, fs::copy_options::overwrite_existing);
  const std::string worse = sweep("worse", "--trials 8");
  const auto gated = run_edgetune("compare " + stored + " " + worse);
  EXPECT_EQ(gated.exit_code, 1) << gated.out << gated.err;
  EXPECT_EQ(first_line(gated.out).rfind("REGRESSION: coral (NEW) is worse than coral (BASE)", 0),
            0u)
      << gated.out;
  // The other way round, NEW is better: no regression.
  EXPECT_EQ(run_edgetune("compare " + worse + " " + stored).exit_code, 0);
}

TEST(CompareCliTest, OneSweepWritesTablesAndPlots) {
  const std::string dir = temp_path("compare-within");
  fs::remove_all(dir);
  ASSERT_EQ(run_edgetune("sweep --quiet --optimizers coral,random,static-maxn --scenarios smoke "
                         "--seeds 3 --out " +
                         dir)
                .exit_code,
            0);
  const auto r = run_edgetune("compare " + dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Friedman over"), std::string::npos);
  for (const char* file : {"paired.csv", "paired.md", "ranking.csv", "exploration.csv",
                           "critical_difference.svg", "performance_profiles.png"}) {
    EXPECT_TRUE(fs::exists(dir + "/compare/" + file)) << file;
  }
  EXPECT_EQ(run_edgetune("compare " + dir + " --against dvfo").exit_code, 2);
}

TEST(CompareCliTest, InputThatCannotBeComparedExitsTwoInOneLine) {
  const std::string one_seed = temp_path("compare-one-seed");
  fs::remove_all(one_seed);
  ASSERT_EQ(run_edgetune("sweep --quiet --optimizers coral,random --scenarios smoke --seeds 1 "
                         "--out " +
                         one_seed)
                .exit_code,
            0);
  const std::string nx = temp_path("compare-nx");
  fs::remove_all(nx);
  ASSERT_EQ(
      run_edgetune("sweep --quiet --optimizers coral --scenarios smoke --seeds 2 --surfaces " +
                   shipped("xavier-nx_yolov8s.h5") + " --out " + nx)
          .exit_code,
      0);
  const std::string orin = temp_path("compare-orin");
  fs::remove_all(orin);
  ASSERT_EQ(
      run_edgetune("sweep --quiet --optimizers coral --scenarios smoke --seeds 2 --surfaces " +
                   shipped("agx-orin_yolov8x.h5") + " --out " + orin)
          .exit_code,
      0);
  const std::string empty = temp_path("compare-empty.csv");
  const std::string runs = read_file(nx + "/runs.csv");
  std::ofstream(empty) << runs.substr(0, runs.find('\n') + 1);  // the header alone
  const struct {
    std::string args, says;
  } cases[] = {{one_seed, "one seed"},
               {nx + " " + orin, "cannot be paired"},
               {empty + " " + nx, "no runs"},
               {temp_path("compare-missing") + " " + nx, "compare-missing"}};
  for (const auto& c : cases) {
    const auto r = run_edgetune("compare " + c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

}  // namespace
