// What a Jetson exposes under a sysfs root (the real `/` or a test tree):
// the CPUs and their cpufreq steps, the GPU devfreq node, EMC through bpmp
// debugfs when mounted, and the INA3221 power rails. Paths and conventions
// follow ../shared/jetson-facts.md (jetson-stats is the reference).
#ifndef EDGETUNE_DEVICES_BOARD_LAYOUT_H_
#define EDGETUNE_DEVICES_BOARD_LAYOUT_H_

#include <optional>
#include <string>
#include <vector>

#include "core/config_space.h"
#include "core/directory_lock.h"

namespace devices {

struct CpuCluster {
  int cpu_count = 0;                      // cpu0 .. cpu{n-1}
  std::vector<std::string> online_files;  // cpuN/online for N >= 1 (cpu0 cannot go offline)
  std::vector<std::string> cpufreq_dirs;  // cpuN/cpufreq, one per CPU
  std::vector<double> freqs_khz;          // scaling_available_frequencies of cpu0
};

// A clock with a min/max pair of files and its steps.
struct ClockNode {
  std::string dir;
  std::string min_file, max_file;  // relative to dir
  std::vector<double> steps;       // in the node's unit (kHz, Hz)
  double to_mhz = 1.0;             // multiply a step by this for MHz
};

struct PowerRail {
  std::string label;
  // Either power directly (mW, JetPack 4 iio) or voltage (mV) x current (mA).
  std::string power_file, voltage_file, current_file;
};

struct BoardLayout {
  std::string root;
  CpuCluster cpu;
  std::optional<ClockNode> gpu;  // devfreq: min_freq / max_freq in Hz
  std::optional<ClockNode> emc;  // bpmp debugfs: min_rate / max_rate in Hz
  std::string emc_lock_file;     // mrq_rate_locked, when emc is set
  std::vector<PowerRail> rails;  // "NC" rails skipped
  int total_rail = -1;           // index of VDD_IN when present, else the sum is used
};

// Discovers the board under `root`. Throws core::DeviceError naming the
// files looked for when no Jetson CPU/GPU/power-rail layout is found.
BoardLayout discover_board(const std::string& root);

// Keeps a second driver (or a --restore) off the board while this one runs:
// a flock on ROOT/sys, released however the holder exits. Throws
// core::InputError when another holds it.
core::DirectoryLock lock_board(const std::string& root);

// The knobs the driver can set: cpu_freq (MHz), cpu_cores, gpu_freq (MHz),
// emc_freq (MHz) when available, and concurrency (1 .. max_concurrency).
core::ConfigSpace live_space(const BoardLayout& layout, int max_concurrency);

// Board input power now, in W: the VDD_IN rail when present, else the sum
// of the rails. Throws DeviceError when a sensor file is missing or garbage.
double read_board_power(const BoardLayout& layout);

}  // namespace devices

#endif  // EDGETUNE_DEVICES_BOARD_LAYOUT_H_
