#include "devices/board_layout.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "core/errors.h"
#include "devices/sysfs_file.h"

namespace devices {
namespace {

namespace fs = std::filesystem;

std::vector<double> parse_steps(const std::string& text) {
  std::vector<double> steps;
  std::istringstream in(text);
  for (double v; in >> v;) steps.push_back(v);
  std::sort(steps.begin(), steps.end());
  steps.erase(std::unique(steps.begin(), steps.end()), steps.end());
  return steps;
}

// Sorted entries of `dir` (none when it is missing).
std::vector<fs::path> entries(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code error;
  for (const auto& e : fs::directory_iterator(dir, error)) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

CpuCluster discover_cpus(const fs::path& root) {
  CpuCluster cpu;
  const fs::path base = root / "sys/devices/system/cpu";
  while (fs::exists(base / ("cpu" + std::to_string(cpu.cpu_count)) / "cpufreq")) {
    const fs::path dir = base / ("cpu" + std::to_string(cpu.cpu_count));
    cpu.cpufreq_dirs.push_back((dir / "cpufreq").string());
    if (cpu.cpu_count > 0) cpu.online_files.push_back((dir / "online").string());
    ++cpu.cpu_count;
  }
  if (cpu.cpu_count > 0) {
    cpu.freqs_khz = parse_steps(read_sysfs(cpu.cpufreq_dirs[0] + "/scaling_available_frequencies"));
  }
  return cpu;
}

std::optional<ClockNode> discover_gpu(const fs::path& root) {
  for (const fs::path& node : entries(root / "sys/class/devfreq")) {
    std::error_code error;
    const fs::path name_file = node / "device/of_node/name";
    if (!fs::exists(name_file, error)) continue;
    const std::string name = read_sysfs(name_file.string());
    if (name != "gv11b" && name != "ga10b" && name != "gpu" && name != "gp10b") continue;
    ClockNode gpu;
    gpu.dir = node.string();
    gpu.min_file = "min_freq";
    gpu.max_file = "max_freq";
    gpu.steps = parse_steps(read_sysfs(gpu.dir + "/available_frequencies"));
    gpu.to_mhz = 1e-6;
    return gpu;
  }
  return std::nullopt;
}

std::optional<ClockNode> discover_emc(const fs::path& root, std::string& lock_file) {
  const fs::path bpmp = root / "sys/kernel/debug/bpmp/debug";
  const fs::path dir = bpmp / "clk/emc";
  const fs::path rates = bpmp / "emc/possible_rates";
  std::error_code error;
  // The BPMP firmware lists the EMC steps it has timing tables for in
  // debug/emc/possible_rates ("204000 665600 2133000 (kHz)"); without it, or
  // without debugfs, EMC is left to nvpmodel and not tuned.
  if (!fs::exists(rates, error) || !fs::exists(dir / "mrq_rate_locked", error)) {
    return std::nullopt;
  }
  ClockNode emc;
  emc.dir = dir.string();
  emc.min_file = "min_rate";
  emc.max_file = "max_rate";
  // Steps are kept in Hz, the unit of clk/emc/rate that the driver writes.
  for (double khz : parse_steps(read_sysfs(rates.string()))) emc.steps.push_back(khz * 1000.0);
  emc.to_mhz = 1e-6;
  lock_file = (dir / "mrq_rate_locked").string();
  return emc;
}

void add_rail(BoardLayout& layout, PowerRail rail) {
  if (rail.label.find("NC") != std::string::npos) return;
  if (rail.label == "VDD_IN") layout.total_rail = static_cast<int>(layout.rails.size());
  layout.rails.push_back(std::move(rail));
}

// INA3221 monitors: hwmon inN_label / inN_input (mV) / currN_input (mA)
// (JetPack 5/6), or the iio rail_name_N / in_powerN_input (mW) (JetPack 4).
void discover_rails(const fs::path& root, BoardLayout& layout) {
  for (const fs::path& dev : entries(root / "sys/bus/i2c/devices")) {
    std::error_code error;
    if (!fs::exists(dev / "name", error) ||
        !starts_with(read_sysfs((dev / "name").string()), "ina3221")) {
      continue;
    }
    for (const fs::path& hwmon : entries(dev / "hwmon")) {
      for (int n = 1; n <= 8; ++n) {
        const fs::path label = hwmon / ("in" + std::to_string(n) + "_label");
        const fs::path current = hwmon / ("curr" + std::to_string(n) + "_input");
        // A label without a current is not a rail: in7 is the "sum of shunt
        // voltages" on JetPack 5/6 (jetson-stats skips it too).
        if (!fs::exists(label, error) || !fs::exists(current, error)) continue;
        add_rail(layout,
                 {read_sysfs(label.string()), "",
                  (hwmon / ("in" + std::to_string(n) + "_input")).string(), current.string()});
      }
    }
    for (const fs::path& iio : entries(dev)) {
      if (!starts_with(iio.filename().string(), "iio:device")) continue;
      for (int n = 0; n < 8; ++n) {
        const fs::path label = iio / ("rail_name_" + std::to_string(n));
        if (!fs::exists(label, error)) continue;
        add_rail(layout, {read_sysfs(label.string()),
                          (iio / ("in_power" + std::to_string(n) + "_input")).string(), "", ""});
      }
    }
  }
}

}  // namespace

BoardLayout discover_board(const std::string& root) {
  BoardLayout layout;
  layout.root = root;
  const fs::path r(root);
  layout.cpu = discover_cpus(r);
  layout.gpu = discover_gpu(r);
  layout.emc = discover_emc(r, layout.emc_lock_file);
  discover_rails(r, layout);
  std::string missing;
  if (layout.cpu.cpu_count == 0 || layout.cpu.freqs_khz.empty())
    missing += " sys/devices/system/cpu/cpu0/cpufreq/scaling_available_frequencies;";
  if (!layout.gpu) missing += " sys/class/devfreq/*/device/of_node/name = gv11b|ga10b|gpu;";
  if (layout.rails.empty())
    missing += " sys/bus/i2c/devices/*/name = ina3221 with hwmon or iio rails;";
  if (!missing.empty()) {
    throw core::DeviceError("no Jetson found under '" + root + "': looked for" + missing +
                            " point --sysfs-root at the board's root");
  }
  return layout;
}

core::ConfigSpace live_space(const BoardLayout& layout, int max_concurrency) {
  std::vector<core::Knob> knobs;
  core::Knob cpu{"cpu_freq", "MHz", {}};
  for (double khz : layout.cpu.freqs_khz) cpu.values.push_back(khz / 1000.0);
  knobs.push_back(cpu);
  core::Knob cores{"cpu_cores", "count", {}};
  for (int n = 1; n <= layout.cpu.cpu_count; ++n) cores.values.push_back(n);
  knobs.push_back(cores);
  core::Knob gpu{"gpu_freq", "MHz", {}};
  for (double hz : layout.gpu->steps) gpu.values.push_back(hz * layout.gpu->to_mhz);
  knobs.push_back(gpu);
  if (layout.emc) {
    core::Knob emc{"emc_freq", "MHz", {}};
    for (double hz : layout.emc->steps) emc.values.push_back(hz * layout.emc->to_mhz);
    knobs.push_back(emc);
  }
  core::Knob concurrency{"concurrency", "count", {}};
  for (int n = 1; n <= max_concurrency; ++n) concurrency.values.push_back(n);
  knobs.push_back(concurrency);
  return core::ConfigSpace(std::move(knobs));
}

double read_board_power(const BoardLayout& layout) {
  auto rail_w = [](const PowerRail& rail) {
    const double w = !rail.power_file.empty() ? read_sysfs_number(rail.power_file) / 1000.0
                                              : read_sysfs_number(rail.voltage_file) *
                                                    read_sysfs_number(rail.current_file) / 1e6;
    // No Jetson rail reads below 0 or above a kilowatt: a failing sensor.
    if (!(w >= 0.0 && w < 1000.0)) {
      throw core::DeviceError("power rail " + rail.label + " reads " + std::to_string(w) +
                              " W, not a plausible value; the INA3221 driver may have failed");
    }
    return w;
  };
  if (layout.total_rail >= 0)
    return rail_w(layout.rails[static_cast<std::size_t>(layout.total_rail)]);
  double total = 0.0;
  for (const PowerRail& rail : layout.rails) total += rail_w(rail);
  return total;
}

core::DirectoryLock lock_board(const std::string& root) {
  return core::DirectoryLock((fs::path(root) / "sys").string(),
                             "another edgetune live is driving this board; wait for it to end, "
                             "then run again (its state file restores the board if it was killed)");
}

}  // namespace devices
