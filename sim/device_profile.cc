#include "sim/device_profile.h"

#include <nlohmann/json.hpp>
#include <numeric>

#include "core/errors.h"
#include "sim/profile_files.h"

namespace sim {

std::vector<core::Knob> DeviceProfile::knobs() const {
  std::vector<double> concurrency(static_cast<std::size_t>(max_concurrency));
  std::iota(concurrency.begin(), concurrency.end(), 1.0);
  return {{"cpu_freq", "MHz", cpu_freq_mhz},
          {"cpu_cores", "count", cpu_cores},
          {"gpu_freq", "MHz", gpu_freq_mhz},
          {"emc_freq", "MHz", emc_freq_mhz},
          {"concurrency", "count", concurrency}};
}

DeviceProfile load_device_profile(const std::string& id_or_path) {
  DeviceProfile p;
  p.path = resolve_profile("devices", id_or_path);
  const nlohmann::json j = read_json_file(p.path);
  const std::string& f = p.path;
  p.id = string_field(j, "id", f);
  p.name = string_field(j, "name", f);
  if (!j.contains("sources") || !j.at("sources").is_array() || j.at("sources").empty()) {
    throw core::InputError(f + ": field 'sources': missing; name where the figures come from");
  }
  for (const auto& s : j.at("sources")) p.sources.push_back(s.get<std::string>());
  const nlohmann::json& knobs = j.contains("knobs") ? j.at("knobs") : nlohmann::json::object();
  p.cpu_freq_mhz = increasing_field(knobs, "cpu_freq", f);
  p.cpu_cores = increasing_field(knobs, "cpu_cores", f);
  p.gpu_freq_mhz = increasing_field(knobs, "gpu_freq", f);
  p.emc_freq_mhz = increasing_field(knobs, "emc_freq", f);
  p.max_concurrency = static_cast<int>(number_field(knobs, "max_concurrency", f));
  if (p.max_concurrency < 1 || p.max_concurrency > 64) {
    throw core::InputError(f + ": field 'max_concurrency': must be 1..64");
  }
  p.memory_gb = number_field(j, "memory_gb", f);
  p.cpu_speed = number_field(j, "cpu_speed", f);
  p.gpu_peak_tflops = number_field(j, "gpu_peak_tflops", f);
  p.mem_bandwidth_gbs = number_field(j, "mem_bandwidth_gbs", f);
  const nlohmann::json power = j.contains("power") ? j.at("power") : nlohmann::json::object();
  p.idle_w = number_field(power, "idle_w", f);
  p.core_static_w = number_field(power, "core_static_w", f);
  p.cpu_dynamic_w = number_field(power, "cpu_dynamic_w", f);
  p.gpu_static_w = number_field(power, "gpu_static_w", f);
  p.gpu_dynamic_w = number_field(power, "gpu_dynamic_w", f);
  p.emc_static_w = number_field(power, "emc_static_w", f);
  p.emc_w_per_gbs = number_field(power, "emc_w_per_gbs", f);
  p.cpu_vmin = number_field(power, "cpu_vmin", f);
  p.cpu_knee_mhz = number_field(power, "cpu_knee_mhz", f);
  p.gpu_vmin = number_field(power, "gpu_vmin", f);
  p.gpu_knee_mhz = number_field(power, "gpu_knee_mhz", f);
  for (double v : {p.memory_gb, p.cpu_speed, p.gpu_peak_tflops, p.mem_bandwidth_gbs, p.idle_w}) {
    if (!(v > 0)) {
      throw core::InputError(f +
                             ": memory_gb, cpu_speed, gpu_peak_tflops, mem_bandwidth_gbs and "
                             "power.idle_w must be positive");
    }
  }
  if (j.contains("power_modes")) {
    for (const nlohmann::json& mode : j.at("power_modes")) {
      core::PowerMode m;
      m.name = string_field(mode, "name", f);
      if (mode.contains("caps")) {
        for (const auto& [knob, cap] : mode.at("caps").items())
          m.max_value[knob] = cap.get<double>();
      }
      p.power_modes.push_back(m);
    }
  }
  return p;
}

std::optional<DeviceProfile> find_device_profile(const std::string& device_id) {
  for (const std::string& file : profile_files("devices")) {
    if (read_json_file(file).value("id", "") == device_id) return load_device_profile(file);
  }
  return std::nullopt;
}

std::string device_profile_ids() {
  std::string ids;
  for (const std::string& file : profile_files("devices"))
    ids += (ids.empty() ? "" : ", ") + read_json_file(file).value("id", "");
  return ids;
}

std::vector<core::PowerMode> power_modes_for(const std::string& device_id) {
  const std::optional<DeviceProfile> profile = find_device_profile(device_id);
  return profile ? profile->power_modes : std::vector<core::PowerMode>{};
}

}  // namespace sim
