// The model cache end to end: a rerun trains nothing and gives the same
// rows, --no-model-cache trains, a damaged entry is retrained, the bound
// evicts.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/run_binary.h"

namespace {

namespace fs = std::filesystem;
using testing_support::read_file;
using testing_support::run_edgetune;
using testing_support::shipped;
using testing_support::temp_path;

class ModelCacheTest : public testing::Test {
 protected:
  void SetUp() override {
    cache_home_ = temp_path("xdg-cache");
    fs::remove_all(cache_home_);
    setenv("XDG_CACHE_HOME", cache_home_.c_str(), 1);
    unsetenv("EDGETUNE_MODEL_CACHE_MB");
  }
  void TearDown() override {
    unsetenv("XDG_CACHE_HOME");
    unsetenv("EDGETUNE_MODEL_CACHE_MB");
  }

  // A small dvfo sweep's statistics; its runs.csv in `out`.
  nlohmann::json sweep(const std::string& out, const std::string& extra = "") {
    fs::remove_all(out);
    const auto r = run_edgetune(
        "sweep --quiet --json --optimizers dvfo,coral --scenarios smoke "
        "--seeds 1 --trials 10 --surfaces " +
        shipped("xavier-nx_yolov8s.h5") + " --out " + out + " " + extra);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out);
  }

  std::string entries() const { return cache_home_ + "/edgetune/models"; }

  std::string cache_home_;
};

TEST_F(ModelCacheTest, ARerunTrainsNothingAndGivesTheSameRows) {
  const nlohmann::json first = sweep(temp_path("cache-a"));
  EXPECT_EQ(first["models_trained"], 1);
  EXPECT_EQ(first["models_cached"], 0);
  const nlohmann::json second = sweep(temp_path("cache-b"));
  EXPECT_EQ(second["models_trained"], 0);
  EXPECT_EQ(second["models_cached"], 1);
  EXPECT_EQ(read_file(temp_path("cache-a") + "/runs.csv"),
            read_file(temp_path("cache-b") + "/runs.csv"));
  const nlohmann::json bypassed = sweep(temp_path("cache-c"), "--no-model-cache");
  EXPECT_EQ(bypassed["models_trained"], 1);
  EXPECT_EQ(bypassed["models_cached"], 0);
}

TEST_F(ModelCacheTest, ADamagedEntryIsTrainedAgain) {
  sweep(temp_path("cache-d"));
  ASSERT_TRUE(fs::is_directory(entries()));
  for (const auto& entry : fs::directory_iterator(entries())) {
    std::ofstream(entry.path(), std::ios::trunc) << "edgetune-weights 1\ngarbage\n";
  }
  const nlohmann::json again = sweep(temp_path("cache-e"));
  EXPECT_EQ(again["models_trained"], 1);
  EXPECT_EQ(again["models_cached"], 0);
  EXPECT_EQ(read_file(temp_path("cache-d") + "/runs.csv"),
            read_file(temp_path("cache-e") + "/runs.csv"));
}

TEST_F(ModelCacheTest, TheBoundEvictsAndABadBoundIsRefused) {
  setenv("EDGETUNE_MODEL_CACHE_MB", "0", 1);
  sweep(temp_path("cache-f"));
  EXPECT_TRUE(fs::is_empty(entries())) << "a 0 MB cache keeps nothing";
  setenv("EDGETUNE_MODEL_CACHE_MB", "lots", 1);
  const auto r = run_edgetune(
      "sweep --quiet --optimizers dvfo --scenarios smoke --seeds 1 "
      "--surfaces " +
      shipped("xavier-nx_yolov8s.h5") + " --out " + temp_path("cache-g") + " --force");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("EDGETUNE_MODEL_CACHE_MB"), std::string::npos) << r.err;
}

}  // namespace
