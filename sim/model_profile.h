// A detector described as data (sim/profiles/models/*.json): the work one
// frame costs on the CPU, the GPU and the memory system.
#ifndef EDGETUNE_SIM_MODEL_PROFILE_H_
#define EDGETUNE_SIM_MODEL_PROFILE_H_

#include <string>
#include <vector>

namespace sim {

struct ModelProfile {
  std::string path;
  std::string id;  // surface `model` attribute, e.g. "yolov8n"
  std::string name;
  std::vector<std::string> sources;
  double gflops_per_frame = 0;   // network compute at the profile's input size
  double dram_mb_per_frame = 0;  // DRAM traffic per frame (weights + activations)
  // CPU work per frame (decode, letterbox, normalise, NMS, launch) on one
  // Cortex-A78AE-class core at 1 GHz, ms.
  double cpu_ms_at_1ghz = 0;
  // Fraction of the board's effective GPU peak this network's kernels reach.
  double gpu_efficiency = 0;
  // GPU occupancy one stream achieves (launch gaps, synchronisation); more
  // streams fill the gaps with diminishing returns.
  double single_stream_occupancy = 0;
  double memory_gb_per_stream = 0;  // engine, buffers, CUDA context
};

// Loads a profile by id or path; throws core::InputError naming file and
// field.
ModelProfile load_model_profile(const std::string& id_or_path);

}  // namespace sim

#endif  // EDGETUNE_SIM_MODEL_PROFILE_H_
