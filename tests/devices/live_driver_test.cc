// The live driver against an emulated board (sim/emulated_board.h): knob
// discovery on both layouts, safe write order, reported clamping, the power
// cap, faults, and that the board is always left exactly as found.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "core/errors.h"
#include "devices/board_layout.h"
#include "devices/jetson_device.h"
#include "sim/emulated_board.h"
#include "tests/support/emulated_board_helpers.h"
#include "tests/support/run_binary.h"
#include "traces/surface_file.h"

namespace {

namespace fs = std::filesystem;
using sim::EmulatedBoard;

// "14x12x13x4x8": the grid's level counts, as a recording's journal names them.
std::string grid_text(const core::ConfigSpace& space) {
  std::string text;
  for (const core::Knob& knob : space.knobs())
    text += (text.empty() ? "" : "x") + std::to_string(knob.values.size());
  return text;
}

using testing_support::fast_live_options;
using testing_support::fresh_board_root;
using testing_support::shipped_surface;

TEST(BoardLayoutTest, DiscoversAnOrinTree) {
  EmulatedBoard board(shipped_surface("agx-orin_yolov8s.h5"), fresh_board_root("orin"),
                      EmulatedBoard::Layout::kAgxOrin);
  const devices::BoardLayout layout = devices::discover_board(board.root());
  EXPECT_EQ(layout.cpu.cpu_count, 12);
  EXPECT_EQ(layout.cpu.freqs_khz.size(), 14u);
  ASSERT_TRUE(layout.gpu && layout.emc);
  EXPECT_EQ(layout.gpu->steps.size(), 13u);
  EXPECT_EQ(layout.emc->steps.size(), 4u);
  ASSERT_EQ(layout.rails.size(), 4u);  // the two "NC" channels skipped
  EXPECT_EQ(layout.total_rail, -1);    // no VDD_IN: the sum
  const core::ConfigSpace space = devices::live_space(layout, 8);
  EXPECT_EQ(space.knob(0).name, "cpu_freq");
  EXPECT_DOUBLE_EQ(space.knob(2).values.back(), 1300.5);
  EXPECT_DOUBLE_EQ(space.knob(3).values.front(), 204);
  EXPECT_GT(devices::read_board_power(layout), 5.0);
}

TEST(BoardLayoutTest, DiscoversAXavierTreeWithIioRails) {
  EmulatedBoard board(shipped_surface("xavier-nx_yolov8s.h5"), fresh_board_root("xavier"),
                      EmulatedBoard::Layout::kAgxXavier);
  const devices::BoardLayout layout = devices::discover_board(board.root());
  EXPECT_EQ(layout.rails.size(), 6u);
  EXPECT_FALSE(layout.rails[0].power_file.empty());
  EXPECT_GT(devices::read_board_power(layout), 1.0);
}

TEST(BoardLayoutTest, UsesVddInWhenPresentAndNamesWhatItLookedFor) {
  EmulatedBoard board(shipped_surface("agx-orin_yolov8s.h5"), fresh_board_root("vddin"),
                      EmulatedBoard::Layout::kAgxOrin);
  const fs::path hw = fs::path(board.root()) / "sys/bus/i2c/devices/1-0041/hwmon/hwmon2";
  std::ofstream(hw / "in1_label") << "VDD_IN";
  std::ofstream(hw / "in1_input") << "5000";
  std::ofstream(hw / "curr1_input") << "3000";  // 15 W
  const devices::BoardLayout layout = devices::discover_board(board.root());
  EXPECT_GE(layout.total_rail, 0);
  EXPECT_DOUBLE_EQ(devices::read_board_power(layout), 15.0);
  try {
    devices::discover_board(fresh_board_root("empty"));
    FAIL();
  } catch (const core::DeviceError& e) {
    EXPECT_NE(std::string(e.what()).find("no Jetson found"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("scaling_available_frequencies"), std::string::npos);
  }
}

TEST(JetsonDeviceTest, WritesInASafeOrder) {
  EmulatedBoard board(shipped_surface("agx-orin_yolov8s.h5"), fresh_board_root("order"),
                      EmulatedBoard::Layout::kAgxOrin);
  board.start();
  const auto before = board.files();
  std::ostringstream log;
  devices::LiveOptions o = fast_live_options(board, &log);
  o.dry_run = true;
  {
    devices::JetsonDevice device(devices::discover_board(board.root()), o);
    core::Config low = device.space().config(0);  // everything lowest
    device.measure(low);
  }
  board.stop();
  const std::string writes = log.str();
  auto at = [&](const std::string& what) { return writes.find(what); };
  // Lowering from the board's maxima: cores off first, min before max.
  ASSERT_NE(at("cpu11/online"), std::string::npos) << writes;
  EXPECT_LT(at("cpu11/online"), at("cpu0/cpufreq/scaling_min_freq"));
  EXPECT_LT(at("cpu0/cpufreq/scaling_min_freq"), at("cpu0/cpufreq/scaling_max_freq"));
  EXPECT_LT(at("17000000.gpu/min_freq"), at("17000000.gpu/max_freq"));
  EXPECT_EQ(board.files(), before) << "a dry run changed the board";
}

TEST(JetsonDeviceTest, RaisingWritesMaxFirstAndTheCapDropsToTheLowest) {
  EmulatedBoard board(shipped_surface("agx-orin_yolov8s.h5"), fresh_board_root("raise"),
                      EmulatedBoard::Layout::kAgxOrin);
  board.start();
  const auto before = board.files();
  std::ostringstream log;
  devices::LiveOptions o = fast_live_options(board, &log);
  o.dry_run = true;
  devices::JetsonDevice device(devices::discover_board(board.root()), o);
  device.measure(device.space().config(0));
  log.str("");
  device.measure(device.space().config(device.space().size() - 1));  // everything highest
  const std::string writes = log.str();
  EXPECT_LT(writes.find("17000000.gpu/max_freq"), writes.find("17000000.gpu/min_freq")) << writes;
  EXPECT_LT(writes.find("cpu0/cpufreq/scaling_max_freq"), writes.find("cpu11/online")) << writes;
  device.restore();
  board.stop();
  EXPECT_EQ(board.files(), before);
}

TEST(JetsonDeviceTest, ReportsAClampedClockAndRestoresTheBoard) {
  EmulatedBoard board(shipped_surface("agx-orin_yolov8s.h5"), fresh_board_root("clamp"),
                      EmulatedBoard::Layout::kAgxOrin);
  const auto before = board.files();
  board.start();
  {
    devices::JetsonDevice device(devices::discover_board(board.root()), fast_live_options(board));
    board.set_gpu_clamp(900);
    core::Config top = device.space().config(device.space().size() - 1);
    top.level.back() = 0;  // one stream
    const core::Measurement m = device.measure(top);
    EXPECT_TRUE(m.available);
    ASSERT_FALSE(device.notes().empty());
    EXPECT_NE(device.notes()[0].find("gpu_freq: asked 1300.50 MHz, the kernel set 828.75 MHz"),
              std::string::npos)
        << device.notes()[0];
    board.set_gpu_clamp(0);
  }
  board.stop();
  EXPECT_EQ(board.files(), before);
}

TEST(JetsonDeviceTest, StopsAfterRepeatedPowerCapTripsAndRestores) {
  EmulatedBoard board(shipped_surface("agx-orin_yolov8s.h5"), fresh_board_root("cap"),
                      EmulatedBoard::Layout::kAgxOrin);
  const auto before = board.files();
  board.start();
  {
    devices::JetsonDevice device(devices::discover_board(board.root()), fast_live_options(board));
    board.set_power_offset(100.0);  // a spike on every reading
    const core::Config c = device.space().config(device.space().size() / 2);
    const core::Measurement first = device.measure(c);
    EXPECT_TRUE(first.power_cap_tripped);
    EXPECT_EQ(device.cap_trips(), 1);
    device.measure(c);
    EXPECT_THROW(device.measure(c), core::DeviceError);
    board.set_power_offset(0.0);
  }
  board.stop();
  EXPECT_EQ(board.files(), before);
}

TEST(JetsonDeviceTest, FaultsAreOneClearErrorAndTheBoardIsRestored) {
  // Each fault: a workload command, and a board fault injected once the
  // driver has started (the sensor must work when the driver first reads it).
  struct Fault {
    const char* name;
    std::string workload;  // empty: the emulator's
    bool garbage_sensor;
    const char* message;
  };
  const std::vector<Fault> faults = {
      {"garbage", "", true, "curr1_input"},
      {"exits", "echo one; exit 3", false, "workload exited (exit code 3)"},
      {"hangs", "sleep 30", false, "no frame in 3 trials"},
  };
  for (const Fault& fault : faults) {
    EmulatedBoard board(shipped_surface("agx-orin_yolov8s.h5"), fresh_board_root(fault.name),
                        EmulatedBoard::Layout::kAgxOrin);
    const auto before = board.files();
    board.start();
    devices::LiveOptions o = fast_live_options(board);
    if (!fault.workload.empty()) o.workload = fault.workload;
    std::string error;
    {
      devices::JetsonDevice device(devices::discover_board(board.root()), o);
      board.set_sensor_garbage(fault.garbage_sensor);
      try {
        for (int t = 0; t < 4; ++t)
          device.measure(device.space().config(static_cast<std::size_t>(t) * 997));
      } catch (const core::DeviceError& e) {
        error = e.what();
      }
      board.set_sensor_garbage(false);
    }
    board.stop();
    EXPECT_NE(error.find(fault.message), std::string::npos) << fault.name << ": " << error;
    EXPECT_EQ(error.find('\n'), std::string::npos) << fault.name;
    EXPECT_EQ(board.files(), before) << fault.name << " left the board changed";
  }
}

TEST(JetsonDeviceTest, AMissingKnobFileIsNamedBeforeAnyWrite) {
  EmulatedBoard board(shipped_surface("agx-orin_yolov8s.h5"), fresh_board_root("missing"),
                      EmulatedBoard::Layout::kAgxOrin);
  fs::remove(fs::path(board.root()) / "sys/class/devfreq/17000000.gpu/max_freq");
  const auto before = board.files();
  try {
    devices::JetsonDevice device(devices::discover_board(board.root()), fast_live_options(board));
    FAIL();
  } catch (const core::DeviceError& e) {
    EXPECT_NE(std::string(e.what()).find("17000000.gpu/max_freq: cannot read"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(board.files(), before);
}

TEST(JetsonDeviceTest, AReadOnlyKnobFileSaysToRunAsRoot) {
  if (geteuid() == 0)
    GTEST_SKIP() << "root writes read-only files; run the tests as a user to cover this";
  EmulatedBoard board(shipped_surface("agx-orin_yolov8s.h5"), fresh_board_root("readonly"),
                      EmulatedBoard::Layout::kAgxOrin);
  const fs::path max = fs::path(board.root()) / "sys/class/devfreq/17000000.gpu/min_freq";
  fs::permissions(max, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  board.start();
  devices::JetsonDevice device(devices::discover_board(board.root()), fast_live_options(board));
  try {
    device.measure(device.space().config(0));
    FAIL();
  } catch (const core::DeviceError& e) {
    EXPECT_NE(std::string(e.what()).find("run edgetune live as root"), std::string::npos)
        << e.what();
  }
  board.stop();
}

// The CLI under SIGINT, SIGTERM and SIGKILL (then --restore).
void run_and_signal(const std::string& name, int signal_number, int expected_exit) {
  EmulatedBoard board(shipped_surface("agx-orin_yolov8s.h5"), fresh_board_root(name),
                      EmulatedBoard::Layout::kAgxOrin);
  const auto before = board.files();
  board.start();
  const std::string state = board.root() + "-state.tsv";
  const std::string command =
      "exec " + std::string(EDGETUNE_BINARY) + " live --quiet --sysfs-root " + board.root() +
      " --workload " + board.workload_command() +
      " --power-cap 60 --optimizer random --goal max-throughput --power-budget 30"
      " --trials 200 --settle-s 0.05 --window-s 0.3 --state " +
      state + " 2>/dev/null";
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // The state file is saved after the handlers are installed and before
  // the first write: wait for it and for a clock to change.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while ((!fs::exists(state) || board.files() == before) &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_NE(board.files(), before) << "the run had not changed any clock in 30 s";
  kill(pid, signal_number);
  int status = 0;
  waitpid(pid, &status, 0);
  if (signal_number == SIGKILL) {
    EXPECT_TRUE(WIFSIGNALED(status));
    EXPECT_TRUE(fs::exists(state)) << "a hard kill leaves the restore owed";
    const auto r =
        testing_support::run_edgetune("live --restore " + state + " --sysfs-root " + board.root());
    EXPECT_EQ(r.exit_code, 0) << r.err;
  } else {
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), expected_exit);
  }
  EXPECT_FALSE(fs::exists(state)) << "the state file outlived a clean restore";
  board.stop();
  EXPECT_EQ(board.files(), before) << name;
}

// SIGHUP (a closed terminal) and SIGPIPE (`live ... | head -1`) once ended
// the run with 16-47 board files changed.
TEST(LiveCliTest, EverySignalAUserCanCauseRestoresTheBoard) {
  run_and_signal("sigint", SIGINT, 128 + SIGINT);
  run_and_signal("sigterm", SIGTERM, 128 + SIGTERM);
  run_and_signal("sighup", SIGHUP, 128 + SIGHUP);
  run_and_signal("sigpipe", SIGPIPE, 128 + SIGPIPE);
}

TEST(LiveCliTest, RestoreAfterAHardKill) { run_and_signal("sigkill", SIGKILL, 0); }

TEST(LiveCliTest, ProbeAndUsageErrors) {
  EmulatedBoard board(shipped_surface("xavier-nx_yolov8n.h5"), fresh_board_root("cli"),
                      EmulatedBoard::Layout::kAgxXavier);
  const auto probe =
      testing_support::run_edgetune("live --probe --json --sysfs-root " + board.root());
  ASSERT_EQ(probe.exit_code, 0) << probe.err;
  const nlohmann::json j = nlohmann::json::parse(probe.out);
  EXPECT_EQ(j["rails"].size(), 6u);
  EXPECT_EQ(j["knobs"][2]["name"], "gpu_freq");
  const std::string base = "live --sysfs-root " + board.root() +
                           " --workload true --optimizer coral "
                           "--goal max-throughput --power-budget 10";
  for (const std::string& extra : {std::string(""), std::string(" --power-cap 0.5")}) {
    const auto r = testing_support::run_edgetune(base + extra);
    EXPECT_EQ(r.exit_code, 2) << extra;
    EXPECT_NE(r.err.find("--power-cap"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  const auto none =
      testing_support::run_edgetune("live --probe --sysfs-root " + fresh_board_root("nothing"));
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("no Jetson found"), std::string::npos);
}

// A recording interrupted mid-way resumes from its journal: readings there
// are kept, not taken again; a journal of another recording is refused.
TEST(LiveCliTest, AnInterruptedRecordingResumesFromItsJournal) {
  EmulatedBoard board(shipped_surface("xavier-nx_yolov8n.h5"), fresh_board_root("resume"),
                      EmulatedBoard::Layout::kAgxXavier);
  board.start();
  const std::string out = board.root() + "-sampled.h5";
  const std::string journal = out + ".readings.csv";
  std::filesystem::remove(out);
  const std::string command = "live --quiet --sysfs-root " + board.root() + " --workload " +
                              board.workload_command() + " --power-cap 40 --record " + out +
                              " --sample 5 --design maximin --repeats 1 --settle-s 0.05 "
                              "--device jetson-agx-xavier --model yolov8n "
                              "--window-s 0.2 --state " +
                              board.root() + "-state.tsv";
  const std::string header =
      "# edgetune live --record journal: design=maximin configurations=5 repeats=1 seed=0 grid=";
  std::ofstream(journal) << header << "1x2x3\nindex,reading,throughput,power\n";
  const auto refused = testing_support::run_edgetune(command);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("the journal of another recording"), std::string::npos) << refused.err;
  std::filesystem::remove(journal);

  const auto whole = testing_support::run_edgetune(command);
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  EXPECT_FALSE(std::filesystem::exists(journal)) << "removed once the surface is written";
  const traces::Surface first = traces::load_surface(out);
  const std::size_t top = first.space.size() - 1;  // everything at max, measured first
  ASSERT_TRUE(first.available(top));

  // What an interrupted run leaves: the top corner read, in the journal.
  std::ofstream(journal) << header << grid_text(first.space) << "\nindex,reading,throughput,power\n"
                         << top << ",0,1234.5,9.25\n";
  const auto resumed = testing_support::run_edgetune(command + " --force");
  board.stop();
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("4 configurations (maximin design) of 5, the rest in the journal"),
            std::string::npos)
      << resumed.err;
  const traces::Surface second = traces::load_surface(out);
  EXPECT_EQ(second.throughput_fps()[top], 1234.5);
  EXPECT_EQ(second.power_w()[top], 9.25);
  EXPECT_EQ(second.measured, first.measured) << "the same design";
  EXPECT_EQ(second.device, "jetson-agx-xavier") << "the ids given, for complete to find";
  EXPECT_EQ(second.model, "yolov8n");
}

}  // namespace

namespace {

// fakeboard --switch-to swaps the workload after --switch-after seconds;
// the two go together, and the new surface must be of the same board.
TEST(LiveCliTest, FakeboardSwitchesTheWorkloadAtASetTime) {
  const std::string n = testing_support::shipped("agx-orin_yolov8n.h5"),
                    s = testing_support::shipped("agx-orin_yolov8s.h5"),
                    nx = testing_support::shipped("xavier-nx_yolov8n.h5");
  const auto ok = testing_support::run_edgetune("fakeboard --surface " + n + " --switch-to " + s +
                                                " --switch-after 0.2 --seconds 2 --root " +
                                                fresh_board_root("switch"));
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("workload switched to " + s + " after 0."), std::string::npos) << ok.out;
  const std::vector<std::pair<std::string, std::string>> bad = {
      {" --switch-to " + s, "--switch-to and --switch-after go together"},
      {" --switch-after 1", "--switch-to and --switch-after go together"},
      {" --switch-to " + s + " --switch-after -1", "--switch-after"},
      {" --switch-to " + nx + " --switch-after 1", "its knobs or levels differ"}};
  for (const auto& [extra, message] : bad) {
    const std::string root = fresh_board_root("switch-bad");
    const auto r = testing_support::run_edgetune("fakeboard --seconds 0.1 --surface " + n +
                                                 " --root " + root + extra);
    EXPECT_EQ(r.exit_code, 2) << extra;
    EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_FALSE(fs::exists(root) && !fs::is_empty(root)) << "no board built for a bad command";
  }
}

// A recording that cannot be written (a missing directory) or would
// overwrite a file once measured everything and then lost it or overwrote
// silently; now refused before the board is touched.
TEST(LiveCliTest, RecordChecksItsDestinationBeforeMeasuring) {
  EmulatedBoard board(shipped_surface("xavier-nx_yolov8n.h5"), fresh_board_root("record-dest"),
                      EmulatedBoard::Layout::kAgxXavier);
  const auto before = board.files();
  const std::string existing = board.root() + "-existing.h5";
  std::ofstream(existing) << "precious";
  const std::string command = "live --quiet --sysfs-root " + board.root() +
                              " --workload true --power-cap 40 --trials 4 --record ";
  for (const auto& [out, expected] :
       {std::pair<std::string, std::string>{
            board.root() + "-missing/r.h5",
            "the directory " + board.root() + "-missing does not exist"},
        {existing, "exists; pass --force to overwrite it"},
        {board.root(), "is a directory"}}) {
    const auto r = testing_support::run_edgetune(command + out);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("--record " + out + ": " + expected), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  EXPECT_EQ(testing_support::read_file(existing), "precious");
  EXPECT_EQ(board.files(), before);
}

TEST(LiveCliTest, RecordWritesASampledSurface) {
  EmulatedBoard board(shipped_surface("xavier-nx_yolov8n.h5"), fresh_board_root("record"),
                      EmulatedBoard::Layout::kAgxXavier);
  const auto before = board.files();
  board.start();
  const std::string out = board.root() + "-recorded.h5";
  std::filesystem::remove(out);
  const auto r = testing_support::run_edgetune(
      "live --quiet --sysfs-root " + board.root() + " --workload " + board.workload_command() +
      " --power-cap 40 --record " + out +
      " --trials 4 --repeats 2 --settle-s 0.2 --window-s 0.3 --state " + board.root() +
      "-state.tsv");
  board.stop();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("record 1/"), std::string::npos) << "--quiet printed progress: " << r.err;
  EXPECT_EQ(board.files(), before);
  const traces::Surface recorded = traces::load_surface(out);
  EXPECT_EQ(recorded.provenance, "recorded");
  std::size_t measured = 0;
  for (std::size_t i = 0; i < recorded.space.size(); ++i) measured += recorded.available(i);
  EXPECT_GE(measured, 3u);  // a configuration the model cannot run stays NaN
  EXPECT_LE(measured, 4u);
  // A sample of the board's grid: the four configurations measured, the
  // corners among them, and nothing else claimed.
  EXPECT_EQ(recorded.measured_points(), 4u);
  EXPECT_EQ(recorded.measured.back(), 1) << "everything at max";
  EXPECT_EQ(recorded.measured.front(), 1) << "everything at min";
  EXPECT_NE(r.err.find("4 configurations (lhs design) x 2 readings x (0.2 + 0.3) s = 4 s of "
                       "board time"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(std::filesystem::exists(out + ".readings.csv")) << "the journal is removed";
  // Each configuration read twice: its readings, their median and spread.
  ASSERT_EQ(recorded.repeats.at("power").repeats, 2u);
  ASSERT_TRUE(recorded.metrics_std.count("throughput"));
  for (std::size_t i = 0; i < recorded.space.size(); ++i) {
    if (!recorded.available(i)) continue;
    const double a = recorded.repeats.at("power").values[2 * i],
                 b = recorded.repeats.at("power").values[2 * i + 1];
    EXPECT_DOUBLE_EQ(recorded.power_w()[i], (a + b) / 2);
    EXPECT_NEAR(recorded.metrics_std.at("power").values[i], std::abs(a - b) / std::sqrt(2.0),
                1e-12);
  }
  EXPECT_EQ(testing_support::run_edgetune("validate " + out).exit_code, 0);
  EXPECT_EQ(testing_support::run_edgetune("run --optimizer random --goal max-throughput "
                                          "--power-budget 30 --surface " +
                                          out)
                .exit_code,
            2)
      << "a sample is replayed only once completed";
  const auto refused = testing_support::run_edgetune("live --sysfs-root " + board.root() +
                                                     " --workload true --power-cap 40 --record " +
                                                     out + " --repeats 0");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("--repeats 0: give 1 to 100 readings"), std::string::npos)
      << refused.err;
}

}  // namespace
