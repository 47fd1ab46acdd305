// experiments/heldout/make-surfaces.sh writes the held-out evaluation kit
// from the profiles as they are now: every file must still load, with the
// grids its README lists.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/run_binary.h"

namespace {

TEST(HeldoutKitTest, WritesEightValidSurfacesDeterministically) {
  namespace fs = std::filesystem;
  const std::string dir = testing_support::temp_path("heldout");
  fs::remove_all(dir);
  const std::string make = "bash '" + std::string(EDGETUNE_SOURCE_DIR) + "/experiments/heldout/make-surfaces.sh' '" +
                           dir + "' '" + EDGETUNE_BINARY + "' >/dev/null";
  ASSERT_EQ(std::system(make.c_str()), 0);
  const auto validate = testing_support::run_edgetune("validate " + dir + "/*.h5");
  EXPECT_EQ(validate.exit_code, 0) << validate.err;
  int files = 0;
  for (std::size_t at = validate.out.find(": ok"); at != std::string::npos; at = validate.out.find(": ok", at + 1))
    ++files;
  EXPECT_EQ(files, 8) << validate.out;
  const auto info = testing_support::run_edgetune("info " + dir + "/orin-nano_cpu-heavy.h5 --json");
  ASSERT_EQ(info.exit_code, 0) << info.err;
  const auto j = nlohmann::json::parse(info.out);
  EXPECT_EQ(j["device"], "jetson-orin-nano-8gb");
  EXPECT_EQ(j["model"], "cpu-heavy");
  EXPECT_EQ(j["grid_points"], 972);
  const std::string first = testing_support::read_file(dir + "/xavier-nx_membound.h5");
  ASSERT_EQ(std::system(make.c_str()), 0);
  EXPECT_EQ(testing_support::read_file(dir + "/xavier-nx_membound.h5"), first);
  fs::remove_all(dir);
}

}  // namespace
