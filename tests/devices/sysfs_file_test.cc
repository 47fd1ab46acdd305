#include "devices/sysfs_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/errors.h"
#include "tests/support/tiny_surface.h"

namespace {

TEST(SysfsFileTest, ReadsTrimmedTextAndNumbers) {
  const std::string path = testing_support::temp_path("scaling_max_freq");
  std::ofstream(path) << "2201600\n";
  EXPECT_EQ(devices::read_sysfs(path), "2201600");
  EXPECT_DOUBLE_EQ(devices::read_sysfs_number(path), 2201600.0);
  devices::write_sysfs(path, "1497600");
  EXPECT_DOUBLE_EQ(devices::read_sysfs_number(path), 1497600.0);
}

TEST(SysfsFileTest, MissingFileNamesThePathAndTheFix) {
  try {
    devices::read_sysfs("/nonexistent/cpufreq/scaling_max_freq");
    FAIL();
  } catch (const core::DeviceError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind("/nonexistent/cpufreq/scaling_max_freq: ", 0), 0u) << message;
    EXPECT_NE(message.find("--sysfs-root"), std::string::npos) << message;
  }
  EXPECT_THROW(devices::write_sysfs("/nonexistent/online", "1"), core::DeviceError);
}

TEST(SysfsFileTest, GarbageFromASensorIsADeviceError) {
  const std::string path = testing_support::temp_path("in1_input");
  std::ofstream(path) << "not-a-number\n";
  EXPECT_THROW(devices::read_sysfs_number(path), core::DeviceError);
  std::ofstream(path) << "";
  EXPECT_THROW(devices::read_sysfs_number(path), core::DeviceError);
}

}  // namespace
