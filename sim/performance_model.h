// The physics of one (board, detector) pair at one configuration: what
// `edgetune synth` evaluates at every grid point. sim/README.md explains
// each formula and why.
#ifndef EDGETUNE_SIM_PERFORMANCE_MODEL_H_
#define EDGETUNE_SIM_PERFORMANCE_MODEL_H_

#include "sim/device_profile.h"
#include "sim/model_profile.h"

namespace sim {

struct OperatingPoint {
  double cpu_freq_mhz = 0;
  double cpu_cores = 0;
  double gpu_freq_mhz = 0;
  double emc_freq_mhz = 0;
  double concurrency = 1;
};

struct PointMetrics {
  bool available = true;  // false: out of memory
  double throughput_fps = 0;
  double power_w = 0;
  double latency_p50_ms = 0;
  double latency_p99_ms = 0;
  double energy_per_frame_j = 0;
};

class PerformanceModel {
 public:
  PerformanceModel(DeviceProfile device, ModelProfile model);
  PointMetrics evaluate(const OperatingPoint& point) const;

  const DeviceProfile& device() const { return device_; }
  const ModelProfile& model() const { return model_; }

 private:
  DeviceProfile device_;
  ModelProfile model_;
};

}  // namespace sim

#endif  // EDGETUNE_SIM_PERFORMANCE_MODEL_H_
