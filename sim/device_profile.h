// A board described as data (sim/profiles/devices/*.json): its knob grid,
// the physics parameters the synthesizer uses, and its nvpmodel power modes.
// Users add boards by adding files; nothing is compiled in.
#ifndef EDGETUNE_SIM_DEVICE_PROFILE_H_
#define EDGETUNE_SIM_DEVICE_PROFILE_H_

#include <optional>
#include <string>
#include <vector>

#include "core/config_space.h"
#include "core/power_mode.h"

namespace sim {

struct DeviceProfile {
  std::string path;  // the file it came from
  std::string id;    // surface `device` attribute, e.g. "jetson-agx-orin-64gb"
  std::string name;
  std::vector<std::string> sources;  // where each figure comes from
  // Knob grid: cpu_freq, cpu_cores, gpu_freq, emc_freq (MHz / count).
  std::vector<double> cpu_freq_mhz, cpu_cores, gpu_freq_mhz, emc_freq_mhz;
  int max_concurrency = 8;
  double memory_gb = 0;  // usable by inference after the OS

  // Performance (per board, model-independent).
  double cpu_speed = 1.0;        // per-core speed relative to a Cortex-A78AE at equal clock
  double gpu_peak_tflops = 0;    // effective dense FP16 at the top GPU clock
  double mem_bandwidth_gbs = 0;  // at the top EMC clock

  // Power (board input, W).
  double idle_w = 0;         // board idle, all cores online at low clocks
  double core_static_w = 0;  // leakage per online core
  double cpu_dynamic_w = 0;  // one fully busy core at top clock and voltage
  double gpu_static_w = 0;   // GPU rail leakage at top voltage
  double gpu_dynamic_w = 0;  // fully busy GPU at top clock and voltage
  double emc_static_w = 0;   // memory controller + DRAM at top EMC clock, idle
  double emc_w_per_gbs = 0;  // DRAM traffic energy, W per GB/s
  // Voltage/frequency curves: flat at v_min up to the knee, then linear to
  // v_max at the top clock (relative voltages, v_max = 1).
  double cpu_vmin = 0, cpu_knee_mhz = 0;
  double gpu_vmin = 0, gpu_knee_mhz = 0;

  std::vector<core::PowerMode> power_modes;

  // The knobs of a surface for this board, in axis order: cpu_freq,
  // cpu_cores, gpu_freq, emc_freq, concurrency.
  std::vector<core::Knob> knobs() const;
};

// Loads a profile by id or path (see profile_files.h). Throws
// core::InputError naming the file and field for a missing field or a
// non-increasing frequency list.
DeviceProfile load_device_profile(const std::string& id_or_path);

// The profile whose id is `device_id` (a surface's `device` attribute), or
// nullopt when no profile has it.
std::optional<DeviceProfile> find_device_profile(const std::string& device_id);

// The ids of every device profile, comma-separated, for messages.
std::string device_profile_ids();

// The nvpmodel modes of the board whose profile id is `device_id`; empty
// when no profile has that id.
std::vector<core::PowerMode> power_modes_for(const std::string& device_id);

}  // namespace sim

#endif  // EDGETUNE_SIM_DEVICE_PROFILE_H_
