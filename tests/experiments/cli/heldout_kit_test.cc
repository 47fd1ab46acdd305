// experiments/heldout/make-surfaces.sh writes the held-out evaluation kit
// from the profiles as they are now: every file must still load, with the
// board, workload and grid its README lists, byte for byte on a rerun.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/run_binary.h"

namespace {

struct Listed {
  const char* name;
  const char* device;
  const char* model;
  int points, available;
};

constexpr Listed kKit[] = {
    {"orin-nano_yolov8n", "jetson-orin-nano-8gb", "yolov8n", 972, 972},
    {"orin-nano_yolov8m", "jetson-orin-nano-8gb", "yolov8m", 972, 972},
    {"orin-nano_cpu-heavy", "jetson-orin-nano-8gb", "cpu-heavy", 972, 972},
    {"agx-orin_yolov8m", "jetson-agx-orin-64gb", "yolov8m", 34944, 34944},
    {"agx-orin_membound", "jetson-agx-orin-64gb", "membound", 34944, 34944},
    {"xavier-nx_yolov8m", "jetson-xavier-nx", "yolov8m", 17280, 15120},
    {"xavier-nx_cpu-heavy", "jetson-xavier-nx", "cpu-heavy", 17280, 17280},
    {"xavier-nx_membound", "jetson-xavier-nx", "membound", 17280, 10800},
};

TEST(HeldoutKitTest, WritesTheListedSurfacesDeterministically) {
  namespace fs = std::filesystem;
  const std::string dir = testing_support::temp_path("heldout");
  fs::remove_all(dir);
  const std::string make = "bash '" + std::string(EDGETUNE_SOURCE_DIR) +
                           "/experiments/heldout/make-surfaces.sh' '" + dir + "' '" +
                           EDGETUNE_BINARY + "' >/dev/null";
  ASSERT_EQ(std::system(make.c_str()), 0);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 8);
  std::map<std::string, std::string> bytes;
  for (const Listed& s : kKit) {
    const std::string file = dir + "/" + s.name + ".h5";
    const auto info = testing_support::run_edgetune("info " + file + " --json");
    ASSERT_EQ(info.exit_code, 0) << s.name << ": " << info.err;
    const auto j = nlohmann::json::parse(info.out);
    EXPECT_EQ(j["device"], s.device) << s.name;
    EXPECT_EQ(j["model"], s.model) << s.name;
    EXPECT_EQ(j["grid_points"], s.points) << s.name;
    EXPECT_EQ(j["available_points"], s.available) << s.name;
    bytes[file] = testing_support::read_file(file);
  }
  ASSERT_EQ(std::system(make.c_str()), 0);
  for (const auto& [file, first] : bytes)
    EXPECT_TRUE(testing_support::read_file(file) == first) << file;
  fs::remove_all(dir);
}

}  // namespace
