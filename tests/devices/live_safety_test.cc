// Safety guarantees of the live driver that live_driver_test.cc does not
// pin down: where a power-cap trip leaves the board, the snapshot and state
// file on their own, a dry run on the Xavier layout, and a knob file that
// even root cannot write.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/errors.h"
#include "devices/board_layout.h"
#include "devices/board_snapshot.h"
#include "devices/jetson_device.h"
#include "devices/sysfs_file.h"
#include "sim/emulated_board.h"
#include "tests/support/emulated_board_helpers.h"
#include "tests/support/run_binary.h"
#include "tests/support/tiny_surface.h"
#include "traces/surface_file.h"

namespace {

namespace fs = std::filesystem;
using sim::EmulatedBoard;

constexpr char kOrinGpu[] = "sys/class/devfreq/17000000.gpu";
constexpr char kEmc[] = "sys/kernel/debug/bpmp/debug/clk/emc";

using testing_support::fast_live_options;
using testing_support::fresh_board_root;
using testing_support::shipped_surface;

std::string cpu_file(const EmulatedBoard& board, int cpu, const std::string& file) {
  return board.root() + "/sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/" + file;
}

TEST(PowerCapTest, ATripLeavesTheBoardAtTheLowestConfiguration) {
  EmulatedBoard board(shipped_surface("agx-orin_yolov8s.h5"), fresh_board_root("trip"),
                      EmulatedBoard::Layout::kAgxOrin);
  const auto before = board.files();
  board.start();
  {
    const devices::BoardLayout layout = devices::discover_board(board.root());
    devices::JetsonDevice device(layout, fast_live_options(board));
    board.set_power_offset(100.0);
    const core::Measurement m = device.measure(device.space().max_config());
    EXPECT_TRUE(m.power_cap_tripped);
    // Checked before anything else runs: the drop happened inside the trial.
    EXPECT_EQ(devices::read_sysfs_number(cpu_file(board, 0, "cpufreq/scaling_max_freq")),
              layout.cpu.freqs_khz.front());
    for (int cpu = 1; cpu < layout.cpu.cpu_count; ++cpu) {
      EXPECT_EQ(devices::read_sysfs(cpu_file(board, cpu, "online")), "0") << "cpu" << cpu;
    }
    const std::string gpu = board.root() + "/" + kOrinGpu;
    EXPECT_EQ(devices::read_sysfs_number(gpu + "/max_freq"), layout.gpu->steps.front());
    EXPECT_EQ(devices::read_sysfs_number(gpu + "/min_freq"), layout.gpu->steps.front());
    const std::string emc = board.root() + "/" + kEmc;
    EXPECT_EQ(devices::read_sysfs(emc + "/mrq_rate_locked"), "1");
    EXPECT_EQ(devices::read_sysfs_number(emc + "/rate"), layout.emc->steps.front());
    board.set_power_offset(0.0);
  }
  board.stop();
  EXPECT_EQ(board.files(), before);
}

// A board not at its defaults: one CPU offline, a narrowed GPU range, a
// non-default governor. The driver scrambles everything it may touch; the
// saved state file alone puts it back byte for byte.
TEST(BoardSnapshotTest, TheStateFileRestoresEveryFileByteForByte) {
  EmulatedBoard board(shipped_surface("agx-orin_yolov8s.h5"), fresh_board_root("snapshot"),
                      EmulatedBoard::Layout::kAgxOrin);
  const std::string gpu = board.root() + "/" + kOrinGpu;
  const std::string emc = board.root() + "/" + kEmc;
  devices::write_sysfs(cpu_file(board, 5, "online"), "0");
  devices::write_sysfs(gpu + "/min_freq", "522750000");
  devices::write_sysfs(gpu + "/max_freq", "930750000");
  devices::write_sysfs(gpu + "/governor", "userspace");
  const auto before = board.files();

  const devices::BoardLayout layout = devices::discover_board(board.root());
  const std::string state = board.root() + "-state.tsv";
  const devices::BoardSnapshot taken = devices::BoardSnapshot::take(layout);
  taken.save(state);

  devices::write_sysfs(cpu_file(board, 5, "online"), "1");
  devices::write_sysfs(cpu_file(board, 3, "online"), "0");
  for (int cpu : {0, 5}) {
    devices::write_sysfs(cpu_file(board, cpu, "cpufreq/scaling_max_freq"), "268800");
    devices::write_sysfs(cpu_file(board, cpu, "cpufreq/scaling_min_freq"), "268800");
    devices::write_sysfs(cpu_file(board, cpu, "cpufreq/scaling_governor"), "performance");
  }
  devices::write_sysfs(gpu + "/max_freq", "1300500000");
  devices::write_sysfs(gpu + "/min_freq", "1300500000");
  devices::write_sysfs(gpu + "/governor", "nvhost_podgov");
  devices::write_sysfs(emc + "/mrq_rate_locked", "1");
  devices::write_sysfs(emc + "/rate", "204000000");
  ASSERT_NE(board.files(), before);

  const devices::BoardSnapshot loaded = devices::BoardSnapshot::load(state, board.root());
  EXPECT_EQ(loaded.values(), taken.values());
  loaded.restore();
  EXPECT_EQ(board.files(), before);
}

TEST(BoardSnapshotTest, AMalformedStateFileIsOneLineNamingIt) {
  const std::string path = testing_support::temp_path("bad-state.tsv");
  for (const std::string& content : {std::string("not a state file\n"),
                                     std::string("edgetune-board-state 1\n/sys/x/online 1\n")}) {
    std::ofstream(path, std::ios::trunc) << content;
    try {
      devices::BoardSnapshot::load(path, "/");
      FAIL() << content;
    } catch (const core::InputError& e) {
      const std::string message = e.what();
      EXPECT_EQ(message.rfind(path + ": ", 0), 0u) << message;
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    }
  }
  EXPECT_THROW(devices::BoardSnapshot::load(path + "-missing", "/"), core::InputError);
}

// `live --restore STATE` runs as root and wrote whatever paths the file
// named; now only the knob files of the board under --sysfs-root, by name,
// resolving inside ROOT/sys, with values of their kind.
TEST(BoardSnapshotTest, AStateFileNamingAnyOtherFileIsRefusedAndWritesNothing) {
  EmulatedBoard board(shipped_surface("agx-orin_yolov8s.h5"), fresh_board_root("foreign-state"),
                      EmulatedBoard::Layout::kAgxOrin);
  const std::string state = board.root() + "-state.tsv";
  devices::BoardSnapshot::take(devices::discover_board(board.root())).save(state);
  const std::string saved = testing_support::read_file(state);
  const std::string victim = board.root() + "/etc-passwd";
  std::ofstream(victim) << "root:x:0:0\n";
  const std::string cpu1 = board.root() + "/sys/devices/system/cpu/cpu1/online";
  const auto refused = [&](const std::string& text, const std::string& expected) {
    std::ofstream(state, std::ios::trunc) << text;
    const auto r =
        testing_support::run_edgetune("live --restore " + state + " --sysfs-root " + board.root());
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
    EXPECT_EQ(testing_support::read_file(victim), "root:x:0:0\n");
    EXPECT_TRUE(std::filesystem::exists(state)) << "a refused restore deleted the state file";
  };
  refused(saved + victim + "\towned\n",
          "names '" + victim + "', not a knob file of the board under " + board.root());
  // A knob file's name, linked elsewhere.
  std::filesystem::remove(cpu1);
  std::filesystem::create_symlink(victim, cpu1);
  refused(saved, "names '" + cpu1 + "', not a knob file");
  std::filesystem::remove(cpu1);
  std::ofstream(cpu1) << "1\n";
  // A root of the attacker's choosing (a tree that looks like a Jetson).
  std::string elsewhere = saved;
  elsewhere.replace(elsewhere.find(board.root()), board.root().size(), "/tmp/evil");
  refused(elsewhere, "saved from the board under /tmp/evil; pass --sysfs-root /tmp/evil");
  // A value no knob takes.
  std::string garbage = saved;
  garbage.replace(garbage.find("online\t") + 7, 1, "x");
  refused(garbage, "not a value");
  // Without --sysfs-root the board is the real one (/), not the file's.
  std::ofstream(state, std::ios::trunc) << saved;
  const auto real = testing_support::run_edgetune("live --restore " + state);
  EXPECT_EQ(real.exit_code, 2) << real.err;
  EXPECT_NE(real.err.find("pass --sysfs-root " + board.root()), std::string::npos) << real.err;
}

// Two drivers on one board ended with the first run's clocks applied and
// both state files deleted; the second is now refused before it writes.
TEST(BoardLockTest, ASecondDriverOnTheSameBoardIsRefused) {
  EmulatedBoard board(shipped_surface("agx-orin_yolov8s.h5"), fresh_board_root("two-drivers"),
                      EmulatedBoard::Layout::kAgxOrin);
  const auto before = board.files();
  board.start();
  {
    devices::JetsonDevice first(devices::discover_board(board.root()), fast_live_options(board));
    devices::LiveOptions other = fast_live_options(board);
    other.state_file = board.root() + "-second-state.tsv";
    try {
      devices::JetsonDevice second(devices::discover_board(board.root()), other);
      FAIL() << "a second driver took the board";
    } catch (const core::InputError& e) {
      EXPECT_NE(std::string(e.what()).find("another edgetune live is driving this board"),
                std::string::npos)
          << e.what();
    }
    EXPECT_FALSE(std::filesystem::exists(other.state_file));
    first.measure(first.space().config(7));
  }
  board.stop();
  EXPECT_EQ(board.files(), before);
  // Once the first has gone, the board is free again.
  devices::JetsonDevice again(devices::discover_board(board.root()), fast_live_options(board));
}

TEST(DryRunTest, OnTheXavierLayoutItLogsEveryWriteAndMakesNone) {
  EmulatedBoard board(shipped_surface("xavier-nx_yolov8s.h5"), fresh_board_root("dry-xavier"),
                      EmulatedBoard::Layout::kAgxXavier);
  const auto before = board.files();
  board.start();
  std::ostringstream log;
  devices::LiveOptions o = fast_live_options(board, &log);
  o.dry_run = true;
  {
    devices::JetsonDevice device(devices::discover_board(board.root()), o);
    device.measure(device.space().config(0));
    device.measure(device.space().max_config());
  }
  board.stop();
  EXPECT_EQ(board.files(), before) << "a dry run changed the board";
  std::istringstream lines(log.str());
  int writes = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("dry run: would write ", 0) == 0) {
      ++writes;
    } else {
      EXPECT_EQ(line, "dry run: nothing to restore");
    }
  }
  // Lowest then highest: every CPU goes off and back on, each clock twice.
  EXPECT_GT(writes, 20) << log.str();
  EXPECT_NE(log.str().find("17000000.gv11b/max_freq"), std::string::npos);
}

// Two details of real boards: the INA3221 hwmon driver of JetPack 5/6 also
// labels channel 7 ("sum of shunt voltages", a voltage with no current),
// and the BPMP lists the EMC steps in debug/emc/possible_rates in kHz.
TEST(BoardLayoutTest, SkipsTheShuntSumChannelAndReadsEmcStepsInKhz) {
  EmulatedBoard board(shipped_surface("agx-orin_yolov8s.h5"), fresh_board_root("quirks"),
                      EmulatedBoard::Layout::kAgxOrin);
  const fs::path hwmon = fs::path(board.root()) / "sys/bus/i2c/devices/1-0040/hwmon/hwmon1";
  std::ofstream(hwmon / "in7_label", std::ios::trunc) << "sum of shunt voltages";
  std::ofstream(hwmon / "in7_input", std::ios::trunc) << "760";
  const fs::path bpmp = fs::path(board.root()) / "sys/kernel/debug/bpmp/debug";
  fs::create_directories(bpmp / "emc");
  std::ofstream(bpmp / "emc/possible_rates", std::ios::trunc)
      << "204000 665600 2133000 3199000 (kHz)";
  const devices::BoardLayout layout = devices::discover_board(board.root());
  ASSERT_EQ(layout.rails.size(), 4u);
  for (const devices::PowerRail& rail : layout.rails) {
    EXPECT_EQ(rail.label.find("shunt"), std::string::npos) << rail.label;
  }
  EXPECT_GT(devices::read_board_power(layout), 5.0);
  ASSERT_TRUE(layout.emc);
  EXPECT_EQ(layout.emc->steps, (std::vector<double>{204e6, 665.6e6, 2133e6, 3199e6}));
}

// Sets or clears the immutable flag (chattr +i) of a file; false when the
// file system or the process's capabilities do not allow it.
bool set_immutable(const std::string& path, bool immutable) {
  const int fd = open(path.c_str(), O_RDONLY);
  if (fd < 0) return false;
  int flags = 0;
  bool ok = ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
  if (ok) {
    flags = immutable ? flags | FS_IMMUTABLE_FL : flags & ~FS_IMMUTABLE_FL;
    ok = ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
  }
  close(fd);
  return ok;
}

// Keeps a file immutable for its lifetime: a write then fails with EPERM
// even for root, which the chmod-based test in live_driver_test.cc cannot
// cover when the tests run as root.
class ImmutableFile {
 public:
  explicit ImmutableFile(std::string path)
      : path_(std::move(path)), set_(set_immutable(path_, true)) {}
  ~ImmutableFile() {
    if (set_) set_immutable(path_, false);
  }
  bool set() const { return set_; }

 private:
  std::string path_;
  bool set_;
};

TEST(UnwritableKnobTest, IsOneLineNamingTheFileAndTheRestIsRestored) {
  EmulatedBoard board(shipped_surface("agx-orin_yolov8s.h5"), fresh_board_root("immutable"),
                      EmulatedBoard::Layout::kAgxOrin);
  const auto before = board.files();
  const std::string min_freq = board.root() + "/" + kOrinGpu + "/min_freq";
  ImmutableFile immutable(min_freq);
  if (!immutable.set()) GTEST_SKIP() << "no immutable flag on this file system";
  board.start();
  std::string error;
  {
    devices::JetsonDevice device(devices::discover_board(board.root()), fast_live_options(board));
    try {
      device.measure(device.space().config(0));
    } catch (const core::DeviceError& e) {
      error = e.what();
    }
  }
  board.stop();
  EXPECT_EQ(error.rfind(min_freq + ": cannot write: ", 0), 0u) << error;
  EXPECT_EQ(error.find('\n'), std::string::npos) << error;
  // The CPUs went offline and their clocks down before the GPU write
  // failed; restore put all of them back.
  EXPECT_EQ(board.files(), before);
}

}  // namespace
