// Builds a performance surface (traces::Surface) from a device and a model
// profile: the physics of performance_model.h at every grid point, plus
// seeded per-point idiosyncrasy and measurement noise.
#ifndef EDGETUNE_SIM_SYNTHESIZER_H_
#define EDGETUNE_SIM_SYNTHESIZER_H_

#include <cstdint>

#include "sim/performance_model.h"
#include "traces/surface.h"

namespace sim {

struct SynthOptions {
  std::uint64_t seed = 1;
  // Relative spread of the fixed per-point deviation from the model (board
  // idiosyncrasies a smooth model does not capture: thermals, cache luck).
  double idiosyncrasy = 0.01;
  // Measurement noise stored in /metrics_std: relative part and floor.
  double throughput_noise = 0.015, throughput_noise_floor_fps = 0.1;
  double power_noise = 0.01, power_noise_floor_w = 0.05;
  // Repeated measurements per point stored in /repeats (0: none).
  int repeats = 0;

  // Throws InputError naming the field, its value and its limit.
  void validate() const;
};

traces::Surface synthesize(const PerformanceModel& model, const SynthOptions& options);

}  // namespace sim

#endif  // EDGETUNE_SIM_SYNTHESIZER_H_
