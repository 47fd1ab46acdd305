// The live workload's process handling: every process a copy starts stops
// with edgetune, however edgetune ends.
#include "devices/workload_pool.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

namespace {

namespace fs = std::filesystem;

// The command line of the process /proc/<pid> describes, words joined by
// spaces; empty when the process has exited meanwhile (reading a vanished
// process's cmdline fails with ESRCH, which libstdc++ throws).
std::string command_line(const fs::path& proc_entry) {
  try {
    std::ifstream in(proc_entry / "cmdline");
    std::string line((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::replace(line.begin(), line.end(), '\0', ' ');
    return line;
  } catch (const std::exception&) {
    return "";
  }
}

// Whether a process whose command line is exactly `cmdline` exists, polled
// until it equals `wanted` or `patience` runs out.
bool process_exists(const std::string& cmdline, bool wanted, std::chrono::milliseconds patience) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  while (true) {
    bool found = false;
    for (const auto& entry : fs::directory_iterator("/proc"))
      found = found || command_line(entry.path()) == cmdline + " ";
    if (found == wanted || std::chrono::steady_clock::now() > deadline) return found;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// A workload that prints nothing (so no broken pipe ends it) and runs as a
// child of its shell (a compound command: the shell forks rather than
// execs) is still stopped when the process that started it is killed with
// SIGKILL, which it cannot handle.
TEST(WorkloadPoolTest, CopiesStopWhenTheirOwnerIsKilled) {
  // A duration nobody else uses, to find the process by.
  const std::string sleep_arg = "9" + std::to_string(getpid()) + "7";
  const pid_t owner = fork();
  ASSERT_GE(owner, 0);
  if (owner == 0) {
    devices::WorkloadPool pool("sleep " + sleep_arg + "; true");
    pool.resize(2);
    while (true) pause();
  }
  const bool started = process_exists("sleep " + sleep_arg, true, std::chrono::seconds(5));
  kill(owner, SIGKILL);
  int status = 0;
  waitpid(owner, &status, 0);
  ASSERT_TRUE(started) << "the workload never started";
  EXPECT_FALSE(process_exists("sleep " + sleep_arg, false, std::chrono::seconds(3)))
      << "'sleep " << sleep_arg << "' outlived the process that started it";
}

// stop() ends the whole group, the shell's children included, and a copy
// that exits is reported with its own exit status.
TEST(WorkloadPoolTest, StopEndsEveryProcessAndExitsAreReported) {
  const std::string sleep_arg = "8" + std::to_string(getpid()) + "7";
  devices::WorkloadPool pool("sleep " + sleep_arg + "; true");
  pool.resize(1);
  ASSERT_TRUE(process_exists("sleep " + sleep_arg, true, std::chrono::seconds(5)));
  pool.stop();
  EXPECT_FALSE(process_exists("sleep " + sleep_arg, false, std::chrono::seconds(3)));

  devices::WorkloadPool failing("echo frame; exit 3");
  failing.resize(1);
  std::string error;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (error.empty() && std::chrono::steady_clock::now() < deadline) {
    try {
      failing.drain();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    } catch (const std::exception& e) {
      error = e.what();
    }
  }
  EXPECT_NE(error.find("exit code 3"), std::string::npos) << error;
}

}  // namespace
