#include "sim/emulated_board.h"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <vector>

#include "core/errors.h"

namespace sim {
namespace {

namespace fs = std::filesystem;

// Idle draw as a fraction of the surface's power at one stream.
constexpr double kIdleFraction = 0.6;

struct Rail {
  const char* label;
  double share;  // of board power
  double millivolts;
};
// AGX Orin: two INA3221 at 0x40 and 0x41, one channel not connected.
const Rail kOrinRails[2][3] = {
    {{"VDD_GPU_SOC", 0.45, 5000}, {"VDD_CPU_CV", 0.25, 5000}, {"VIN_SYS_5V0", 0.20, 5000}},
    {{"NC", 0.0, 0}, {"VDDQ_VDD2_1V8AO", 0.10, 5000}, {"NC", 0.0, 0}}};
// AGX Xavier (JetPack 4 iio).
const Rail kXavierRails[2][3] = {{{"GPU", 0.40, 0}, {"CPU", 0.25, 0}, {"SOC", 0.15, 0}},
                                 {{"CV", 0.05, 0}, {"VDDRQ", 0.10, 0}, {"SYS5V", 0.05, 0}}};

// Files hold their value without a newline, as the driver writes them, so a
// restored file is byte-identical to the original.
void put(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::trunc) << content;
}

// Written to a temporary file and renamed: a reader sees old or new.
void put_atomically(const fs::path& path, const std::string& content) {
  const fs::path temporary = path.string() + ".tmp";
  std::ofstream(temporary, std::ios::trunc) << content;
  fs::rename(temporary, path);
}

std::optional<double> read_number(const fs::path& path) {
  std::ifstream in(path);
  double v;
  if (in >> v) return v;
  return std::nullopt;
}

std::string join(const std::vector<double>& values, double scale) {
  std::ostringstream out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    out << (i ? " " : "") << static_cast<long long>(std::llround(values[i] * scale));
  }
  return out.str();
}

const core::Knob& knob(const traces::Surface& s, const std::string& name) {
  const auto k = s.space.knob_index(name);
  if (!k) {
    throw core::InputError(s.label() + ": has no knob '" + name +
                           "'; the emulated board needs cpu_freq, cpu_cores, gpu_freq and "
                           "concurrency");
  }
  return s.space.knob(*k);
}

// A stream is running when its process exists and is not a zombie: a copy
// killed with its shell is reparented, and init may reap it late.
bool running(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  std::getline(stat, text);
  const std::size_t name_end = text.rfind(')');
  return name_end != std::string::npos && name_end + 2 < text.size() && text[name_end + 2] != 'Z';
}

int nearest_level(const core::Knob& k, double value) {
  int best = 0;
  for (std::size_t i = 1; i < k.values.size(); ++i) {
    if (std::abs(k.values[i] - value) < std::abs(k.values[static_cast<std::size_t>(best)] - value))
      best = static_cast<int>(i);
  }
  return best;
}

}  // namespace

EmulatedBoard::EmulatedBoard(std::shared_ptr<const traces::Surface> surface, std::string root,
                             Layout layout)
    : surface_(std::move(surface)), root_(std::move(root)), layout_(layout) {
  for (const char* name : {"cpu_freq", "cpu_cores", "gpu_freq", "concurrency"})
    knob(*surface_, name);
  build();
}

EmulatedBoard::~EmulatedBoard() { stop(); }

void EmulatedBoard::build() {
  const fs::path r(root_);
  const core::Knob& cpu = knob(*surface_, "cpu_freq");
  const int cpus = static_cast<int>(knob(*surface_, "cpu_cores").values.back());
  for (int c = 0; c < cpus; ++c) {
    const fs::path dir = r / "sys/devices/system/cpu" / ("cpu" + std::to_string(c));
    if (c > 0) put(dir / "online", "1");
    const fs::path f = dir / "cpufreq";
    put(f / "scaling_available_frequencies", join(cpu.values, 1000));
    put(f / "scaling_min_freq", join({cpu.values.front()}, 1000));
    put(f / "scaling_max_freq", join({cpu.values.back()}, 1000));
    put(f / "cpuinfo_min_freq", join({cpu.values.front()}, 1000));
    put(f / "cpuinfo_max_freq", join({cpu.values.back()}, 1000));
    put(f / "scaling_governor", "schedutil");
  }
  const core::Knob& gpu = knob(*surface_, "gpu_freq");
  const bool orin = layout_ == Layout::kAgxOrin;
  const fs::path g = r / "sys/class/devfreq" / (orin ? "17000000.gpu" : "17000000.gv11b");
  put(g / "device/of_node/name", orin ? "gpu" : "gv11b");
  put(g / "available_frequencies", join(gpu.values, 1e6));
  put(g / "min_freq", join({gpu.values.front()}, 1e6));
  put(g / "max_freq", join({gpu.values.back()}, 1e6));
  put(g / "governor", "nvhost_podgov");
  if (const auto e = surface_->space.knob_index("emc_freq")) {
    const core::Knob& emc = surface_->space.knob(*e);
    const fs::path d = r / "sys/kernel/debug/bpmp/debug/clk/emc";
    put(r / "sys/kernel/debug/bpmp/debug/emc/possible_rates", join(emc.values, 1e3) + " (kHz)");
    put(d / "min_rate", join({emc.values.front()}, 1e6));
    put(d / "max_rate", join({emc.values.back()}, 1e6));
    put(d / "rate", join({emc.values.back()}, 1e6));
    put(d / "mrq_rate_locked", "0");
    put(d / "state", "1");
  }
  for (int chip = 0; chip < 2; ++chip) {
    const fs::path dev = r / "sys/bus/i2c/devices" / ("1-004" + std::to_string(chip));
    put(dev / "name", orin ? "ina3221" : "ina3221x");
    const auto& rails = orin ? kOrinRails[chip] : kXavierRails[chip];
    for (int n = 0; n < 3; ++n) {
      if (orin) {
        put(dev / ("hwmon/hwmon" + std::to_string(chip + 1)) /
                ("in" + std::to_string(n + 1) + "_label"),
            rails[n].label);
        // Channel 7 is the sum of the shunt voltages: a label, no current.
        if (n == 2)
          put(dev / ("hwmon/hwmon" + std::to_string(chip + 1)) / "in7_label",
              "sum of shunt voltages");
      } else {
        put(dev / ("iio:device" + std::to_string(chip)) / ("rail_name_" + std::to_string(n)),
            rails[n].label);
      }
    }
  }
  fs::create_directories(r / "emulator");
  const std::string script = R"SH(#!/bin/sh
# Fake inference stream of the emulated board: one line per frame at the
# board's rate (emulator/fps) shared among EDGETUNE_CONCURRENCY copies;
# emulator/streams/<pid> tells the emulator how many run (exec keeps the pid).
dir="$(dirname "$0")"
streams="${EDGETUNE_CONCURRENCY:-1}"
mkdir -p "$dir/streams" && echo "$streams" > "$dir/streams/$$"
exec awk -v dir="$dir" -v streams="$streams" 'BEGIN {
  getline t < "/proc/uptime"; close("/proc/uptime"); split(t, a, " "); last = a[1]
  due = 0; emitted = 0
  while (1) {
    fps = 0; getline fps < (dir "/fps"); close(dir "/fps")
    getline t < "/proc/uptime"; close("/proc/uptime"); split(t, a, " ")
    due += (a[1] - last) * fps / streams; last = a[1]
    while (emitted < int(due)) { print "frame"; emitted++ }
    fflush()
    system("sleep 0.02")
  }
}'
)SH";
  put(r / "emulator/workload.sh", script);
  chmod((r / "emulator/workload.sh").c_str(), 0755);
  refresh();
}

int EmulatedBoard::streams() const {
  if (!running_) return 0;
  // Each running copy keeps a file named by its pid holding the
  // concurrency it was started with; copies that died no longer count.
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(fs::path(root_) / "emulator/streams", error)) {
    const pid_t pid = static_cast<pid_t>(std::atol(entry.path().filename().c_str()));
    if (pid <= 0 || !running(pid)) {
      fs::remove(entry.path(), error);
      continue;
    }
    if (const auto n = read_number(entry.path())) return static_cast<int>(*n);
  }
  return 0;
}

void EmulatedBoard::switch_surface(std::shared_ptr<const traces::Surface> next) {
  const std::shared_ptr<const traces::Surface> now = std::atomic_load(&surface_);
  if (!(next->space == now->space)) {
    throw core::InputError(next->label() + ": its knobs or levels differ from " + now->label() +
                           "'s; the emulated board can only switch to a surface of the same "
                           "board");
  }
  std::atomic_store(&surface_, std::move(next));
}

core::Config EmulatedBoard::current_config() const {
  return config_in(std::atomic_load(&surface_)->space);
}

core::Config EmulatedBoard::config_in(const core::ConfigSpace& space) const {
  const fs::path r(root_);
  core::Config c;
  c.level.assign(space.num_knobs(), 0);
  int cores = 1;
  for (int n = 1;; ++n) {
    const auto online =
        read_number(r / "sys/devices/system/cpu" / ("cpu" + std::to_string(n)) / "online");
    if (!online) break;
    cores += *online == 1;
  }
  const bool orin = layout_ == Layout::kAgxOrin;
  const fs::path g = r / "sys/class/devfreq" / (orin ? "17000000.gpu" : "17000000.gv11b");
  const fs::path emc = r / "sys/kernel/debug/bpmp/debug/clk/emc";
  for (std::size_t k = 0; k < space.num_knobs(); ++k) {
    const core::Knob& knob = space.knob(k);
    std::optional<double> value;
    if (knob.name == "cpu_freq") {
      value = read_number(r / "sys/devices/system/cpu/cpu0/cpufreq/scaling_max_freq");
      if (value) *value /= 1000;
    } else if (knob.name == "cpu_cores") {
      value = cores;
    } else if (knob.name == "gpu_freq") {
      value = read_number(g / "max_freq");
      if (value) *value /= 1e6;
    } else if (knob.name == "emc_freq") {
      const auto locked = read_number(emc / "mrq_rate_locked");
      value = read_number(emc / (locked && *locked == 1 ? "rate" : "max_rate"));
      if (value) *value /= 1e6;
    } else if (knob.name == "concurrency") {
      value = std::max(1, streams());
    }
    if (value) c.level[k] = nearest_level(knob, *value);
  }
  return c;
}

void EmulatedBoard::refresh() {
  const std::lock_guard<std::mutex> lock(mutex_);
  const std::shared_ptr<const traces::Surface> surface = std::atomic_load(&surface_);
  if (gpu_clamp_mhz_ > 0) {
    const fs::path g = fs::path(root_) / "sys/class/devfreq" /
                       (layout_ == Layout::kAgxOrin ? "17000000.gpu" : "17000000.gv11b");
    const core::Knob& gpu = knob(*surface, "gpu_freq");
    double cap = gpu.values.front();
    for (double v : gpu.values) {
      if (v <= gpu_clamp_mhz_) cap = v;
    }
    for (const char* file : {"min_freq", "max_freq"}) {
      const auto hz = read_number(g / file);
      if (hz && *hz > cap * 1e6 + 1)
        put_atomically(g / file, std::to_string(std::llround(cap * 1e6)));
    }
  }
  const core::Config c = config_in(surface->space);
  const std::size_t index = surface->space.index(c);
  double fps = surface->throughput_fps()[index];
  double watts = surface->power_w()[index];
  if (streams() == 0 || std::isnan(fps) || std::isnan(watts)) {
    // Idle (or a configuration that cannot run): no frames, idle draw.
    core::Config one = c;
    one.level[*surface->space.knob_index("concurrency")] = 0;
    const double at_one = surface->power_w()[surface->space.index(one)];
    watts = kIdleFraction * (std::isnan(at_one) ? watts : at_one);
    fps = 0.0;
  }
  put_atomically(fs::path(root_) / "emulator/fps", std::to_string(fps));
  // The clocks the "hardware" runs at follow the written maxima.
  const fs::path r(root_);
  for (int n = 0; fs::exists(r / "sys/devices/system/cpu" / ("cpu" + std::to_string(n))); ++n) {
    const fs::path f = r / "sys/devices/system/cpu" / ("cpu" + std::to_string(n)) / "cpufreq";
    if (const auto max = read_number(f / "scaling_max_freq"))
      put_atomically(f / "scaling_cur_freq", std::to_string(std::llround(*max)));
  }
  const fs::path g =
      r / "sys/class/devfreq" / (layout_ == Layout::kAgxOrin ? "17000000.gpu" : "17000000.gv11b");
  if (const auto max = read_number(g / "max_freq"))
    put_atomically(g / "cur_freq", std::to_string(std::llround(*max)));
  write_rails(watts + power_offset_);
}

void EmulatedBoard::write_rails(double watts) {
  const fs::path r(root_);
  const bool orin = layout_ == Layout::kAgxOrin;
  for (int chip = 0; chip < 2; ++chip) {
    const fs::path dev = r / "sys/bus/i2c/devices" / ("1-004" + std::to_string(chip));
    const auto& rails = orin ? kOrinRails[chip] : kXavierRails[chip];
    for (int n = 0; n < 3; ++n) {
      const double w = rails[n].share * watts;
      if (orin) {
        const fs::path hw = dev / ("hwmon/hwmon" + std::to_string(chip + 1));
        const std::string i = std::to_string(n + 1);
        put_atomically(hw / ("in" + i + "_input"),
                       std::to_string(std::llround(rails[n].millivolts)));
        const long long ma =
            rails[n].millivolts > 0 ? std::llround(w * 1e6 / rails[n].millivolts) : 0;
        put_atomically(hw / ("curr" + i + "_input"),
                       garbage_ && chip == 0 && n == 0 ? "garbage" : std::to_string(ma));
      } else {
        const fs::path iio = dev / ("iio:device" + std::to_string(chip));
        put_atomically(
            iio / ("in_power" + std::to_string(n) + "_input"),
            garbage_ && chip == 0 && n == 0 ? "garbage" : std::to_string(std::llround(w * 1000)));
      }
    }
  }
}

void EmulatedBoard::start() {
  if (running_.exchange(true)) return;
  thread_ = std::thread([this] {
    while (running_) {
      try {
        refresh();
      } catch (const std::exception&) {
        // A knob file mid-write by the driver: try again next tick.
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
}

void EmulatedBoard::stop() {
  if (running_.exchange(false) && thread_.joinable()) thread_.join();
  refresh();
}

std::string EmulatedBoard::workload_command() const {
  return "'" + root_ + "/emulator/workload.sh'";
}

std::map<std::string, std::string> EmulatedBoard::files() const {
  std::map<std::string, std::string> out;
  const fs::path r(root_);
  for (auto it = fs::recursive_directory_iterator(r); it != fs::recursive_directory_iterator();
       ++it) {
    if (it->path() == r / "emulator") {
      it.disable_recursion_pending();
      continue;
    }
    // put_atomically()'s temporary files come and go with the background
    // thread; they are the emulator's own, not the board's.
    if (!it->is_regular_file() || it->path().extension() == ".tmp") continue;
    std::ifstream in(it->path());
    out[fs::relative(it->path(), r).string()] =
        std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return out;
}

}  // namespace sim
