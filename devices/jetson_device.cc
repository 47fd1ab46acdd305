#include "devices/jetson_device.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <ostream>

#include "core/errors.h"
#include "core/option_check.h"
#include "devices/stop_request.h"
#include "devices/sysfs_file.h"

namespace devices {
namespace {

std::string number(double v) { return fmt::format("{:.0f}", v); }

}  // namespace

void LiveOptions::validate() const {
  constexpr const char* kOwner = "live";
  core::check_option(power_cap_w > 0 && std::isfinite(power_cap_w), kOwner, "--power-cap",
                     power_cap_w, "a finite number of W > 0 (it is required)");
  if (workload.empty()) throw core::InputError("--workload is required: the command to run");
  core::check_option(sample_hz >= 10 && std::isfinite(sample_hz), kOwner, "--sample-hz", sample_hz,
                     ">= 10 Hz");
  core::check_option(window_s > 0 && std::isfinite(window_s), kOwner, "--window-s", window_s,
                     "a finite number of seconds > 0");
  core::check_option(settle_s >= 0 && std::isfinite(settle_s), kOwner, "--settle-s", settle_s,
                     "a finite number of seconds >= 0");
  core::check_option(max_concurrency >= 1, kOwner, "--max-concurrency", max_concurrency, ">= 1");
  core::check_option(max_cap_trips >= 1, kOwner, "max_cap_trips", max_cap_trips, ">= 1");
  if (state_file.empty()) throw core::InputError("a state file path is required");
}

JetsonDevice::JetsonDevice(BoardLayout layout, LiveOptions options)
    : layout_(std::move(layout)),
      board_lock_(lock_board(layout_.root)),
      options_(std::move(options)),
      workload_(options_.workload) {
  options_.validate();
  const double idle = read_board_power(layout_);
  if (options_.power_cap_w <= idle) {
    throw core::InputError(
        fmt::format("--power-cap {} W is at or below the board's present draw "
                    "({:.1f} W); give a cap above idle power",
                    options_.power_cap_w, idle));
  }
  space_ = live_space(layout_, options_.max_concurrency);
  snapshot_ = BoardSnapshot::take(layout_);
  snapshot_.save(options_.state_file);
}

JetsonDevice::~JetsonDevice() {
  try {
    restore();
  } catch (...) {
    // Destructors must not throw; restore() already tried every file.
  }
}

void JetsonDevice::restore() {
  workload_.stop();
  if (restored_) return;
  restored_ = true;
  if (options_.dry_run) {
    if (options_.log) *options_.log << "dry run: nothing to restore\n";
    std::remove(options_.state_file.c_str());
    return;
  }
  try {
    snapshot_.restore();
  } catch (const core::DeviceError& e) {
    throw RestoreError(std::string(e.what()) + "; the saved state stays in " + options_.state_file +
                       " (edgetune live --restore " + options_.state_file + " once fixed)");
  }
  // Nothing is owed any more: a state file left behind would invite a
  // later --restore to write stale clocks back.
  std::remove(options_.state_file.c_str());
}

JetsonDevice::Target JetsonDevice::target_of(const core::Config& config) const {
  Target t;
  t.cpu_khz = layout_.cpu.freqs_khz[static_cast<std::size_t>(config.level[0])];
  t.cores = config.level[1] + 1;
  t.gpu_hz = layout_.gpu->steps[static_cast<std::size_t>(config.level[2])];
  t.emc_hz = layout_.emc ? layout_.emc->steps[static_cast<std::size_t>(config.level[3])] : 0.0;
  return t;
}

void JetsonDevice::write(const std::string& path, const std::string& value) {
  if (options_.dry_run) {
    if (options_.log) *options_.log << "dry run: would write " << value << " to " << path << "\n";
    return;
  }
  write_sysfs(path, value);
}

void JetsonDevice::write(const std::string& path, double value) { write(path, number(value)); }

void JetsonDevice::set_range(const std::string& min_path, const std::string& max_path, double value,
                             bool raising) {
  // The kernel rejects min > max: raise max first, lower min first.
  if (raising) {
    write(max_path, value);
    write(min_path, value);
  } else {
    write(min_path, value);
    write(max_path, value);
  }
}

void JetsonDevice::apply(const Target& t) {
  // What is set now: the last applied target, or the board's own state.
  Target now;
  if (applied_) {
    now = *applied_;
  } else {
    now.cores = 1;
    for (const std::string& f : layout_.cpu.online_files) now.cores += read_sysfs(f) == "1";
    now.cpu_khz = read_sysfs_number(layout_.cpu.cpufreq_dirs[0] + "/scaling_max_freq");
    now.gpu_hz = read_sysfs_number(layout_.gpu->dir + "/max_freq");
    now.emc_hz = layout_.emc ? read_sysfs_number(layout_.emc->dir + "/rate") : 0.0;
  }
  auto cpu_range = [&](int cpus, bool raising) {
    for (int c = 0; c < cpus; ++c) {
      const std::string& dir = layout_.cpu.cpufreq_dirs[static_cast<std::size_t>(c)];
      set_range(dir + "/scaling_min_freq", dir + "/scaling_max_freq", t.cpu_khz, raising);
    }
  };
  auto gpu_range = [&](bool raising) {
    set_range(layout_.gpu->dir + "/min_freq", layout_.gpu->dir + "/max_freq", t.gpu_hz, raising);
  };
  auto emc_rate = [&] {
    write(layout_.emc_lock_file, "1");
    write(layout_.emc->dir + "/rate", t.emc_hz);
  };
  // Every lowering before any raising, so power never overshoots on the
  // way: fewer cores, lower clocks, then higher clocks, more cores.
  for (int c = now.cores - 1; c >= t.cores; --c)
    write(layout_.cpu.online_files[static_cast<std::size_t>(c - 1)], "0");
  const int common = std::min(now.cores, t.cores);
  if (t.cpu_khz <= now.cpu_khz) cpu_range(common, false);
  if (t.gpu_hz <= now.gpu_hz) gpu_range(false);
  if (layout_.emc && t.emc_hz <= now.emc_hz) emc_rate();
  if (t.cpu_khz > now.cpu_khz) cpu_range(common, true);
  if (t.gpu_hz > now.gpu_hz) gpu_range(true);
  if (layout_.emc && t.emc_hz > now.emc_hz) emc_rate();
  for (int c = now.cores; c < t.cores; ++c) {
    write(layout_.cpu.online_files[static_cast<std::size_t>(c - 1)], "1");
    const std::string& dir = layout_.cpu.cpufreq_dirs[static_cast<std::size_t>(c)];
    const bool raising = t.cpu_khz > read_sysfs_number(dir + "/scaling_max_freq");
    set_range(dir + "/scaling_min_freq", dir + "/scaling_max_freq", t.cpu_khz, raising);
  }
  applied_ = t;
}

void JetsonDevice::verify(const Target& t) {
  if (options_.dry_run) return;
  auto check = [&](const char* knob, const std::string& path, double asked, double to_mhz) {
    const double got = read_sysfs_number(path);
    if (std::abs(got - asked) > 0.005 * asked) {
      const std::string note = fmt::format("{}: asked {:.2f} MHz, the kernel set {:.2f} MHz ({})",
                                           knob, asked * to_mhz, got * to_mhz, path);
      notes_.push_back(note);
      if (options_.log) *options_.log << "note: " << note << "\n";
    }
  };
  check("cpu_freq", layout_.cpu.cpufreq_dirs[0] + "/scaling_max_freq", t.cpu_khz, 1e-3);
  check("gpu_freq", layout_.gpu->dir + "/max_freq", t.gpu_hz, layout_.gpu->to_mhz);
  if (layout_.emc) check("emc_freq", layout_.emc->dir + "/rate", t.emc_hz, layout_.emc->to_mhz);
}

double JetsonDevice::sample_power() {
  if (stop_requested()) throw Stopped(stop_signal().load());
  const double w = read_board_power(layout_);
  if (w > options_.power_cap_w && !tripped_) {
    // Over the hard cap: the lowest configuration at once, one stream.
    tripped_ = true;
    apply(Target{1, layout_.cpu.freqs_khz.front(), layout_.gpu->steps.front(),
                 layout_.emc ? layout_.emc->steps.front() : 0.0});
    workload_.resize(1);
    if (options_.log) {
      *options_.log << fmt::format(
          "power cap: {:.2f} W > {:.2f} W, dropped to the lowest "
          "configuration\n",
          w, options_.power_cap_w);
    }
  }
  return w;
}

core::Measurement JetsonDevice::measure(const core::Config& config) {
  core::Measurement m;
  m.config = config;
  tripped_ = false;
  Clock& clock = options_.clock ? *options_.clock : steady_clock();
  const double start = clock.now_s();
  const Target t = target_of(config);
  apply(t);
  workload_.resize(config.level.back() + 1);
  const double period = 1.0 / options_.sample_hz;
  while (clock.now_s() - start < options_.settle_s && !tripped_) {
    sample_power();
    workload_.drain();  // frames while settling do not count
    clock.sleep_s(period);
  }
  // What the kernel settled on (thermal or board caps may clamp a write).
  if (!tripped_) verify(t);
  const double window_start = clock.now_s();
  std::size_t frames = 0;
  double sum = 0.0, peak = 0.0;
  int samples = 0;
  while (!tripped_ && (samples == 0 || clock.now_s() - window_start < options_.window_s)) {
    const double w = sample_power();
    sum += w;
    peak = std::max(peak, w);
    ++samples;
    frames += workload_.drain();
    clock.sleep_s(period);
  }
  frames += workload_.drain();
  const double window = clock.now_s() - window_start;
  m.cost_s = clock.now_s() - start;
  m.throughput_fps = static_cast<double>(frames) / window;
  m.power_w = sum / samples;
  if (tripped_) {
    m.power_cap_tripped = true;
    m.power_w = peak;
    if (++cap_trips_ >= options_.max_cap_trips) {
      throw core::DeviceError(
          fmt::format("the power cap ({} W) was exceeded in {} trials (last "
                      "peak {:.2f} W); stopped: lower the budget or check the "
                      "cap",
                      options_.power_cap_w, cap_trips_, peak));
    }
    return m;
  }
  // No frame: the configuration cannot run the workload (out of memory, a
  // crashed stream); several in a row: the workload itself is stuck.
  if (frames == 0) {
    m.available = false;
    m.throughput_fps = m.power_w = std::nan("");
    if (++silent_trials_ >= kMaxSilentTrials) {
      throw core::DeviceError(
          fmt::format("the workload printed no frame in {} trials in a row: "
                      "it must print one line per finished frame "
                      "(devices/README.md)",
                      silent_trials_));
    }
    return m;
  }
  silent_trials_ = 0;
  return m;
}

}  // namespace devices
