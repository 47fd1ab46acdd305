#include "sim/model_profile.h"

#include <nlohmann/json.hpp>

#include "core/errors.h"
#include "sim/profile_files.h"

namespace sim {

ModelProfile load_model_profile(const std::string& id_or_path) {
  ModelProfile p;
  p.path = resolve_profile("models", id_or_path);
  const nlohmann::json j = read_json_file(p.path);
  const std::string& f = p.path;
  p.id = string_field(j, "id", f);
  p.name = string_field(j, "name", f);
  if (!j.contains("sources") || !j.at("sources").is_array() || j.at("sources").empty()) {
    throw core::InputError(f + ": field 'sources': missing; name where the figures come from");
  }
  for (const auto& s : j.at("sources")) p.sources.push_back(s.get<std::string>());
  p.gflops_per_frame = number_field(j, "gflops_per_frame", f);
  p.dram_mb_per_frame = number_field(j, "dram_mb_per_frame", f);
  p.cpu_ms_at_1ghz = number_field(j, "cpu_ms_at_1ghz", f);
  p.gpu_efficiency = number_field(j, "gpu_efficiency", f);
  p.single_stream_occupancy = number_field(j, "single_stream_occupancy", f);
  p.memory_gb_per_stream = number_field(j, "memory_gb_per_stream", f);
  for (double v :
       {p.gflops_per_frame, p.dram_mb_per_frame, p.cpu_ms_at_1ghz, p.memory_gb_per_stream}) {
    if (!(v > 0)) {
      throw core::InputError(f +
                             ": gflops_per_frame, dram_mb_per_frame, cpu_ms_at_1ghz and "
                             "memory_gb_per_stream must be positive");
    }
  }
  for (double v : {p.gpu_efficiency, p.single_stream_occupancy}) {
    if (!(v > 0 && v <= 1)) {
      throw core::InputError(f + ": gpu_efficiency and single_stream_occupancy must be in (0, 1]");
    }
  }
  return p;
}

}  // namespace sim
