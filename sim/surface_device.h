// A virtual device that replays a performance surface: the device under test
// for CI regressions and research sweeps.
#ifndef EDGETUNE_SIM_SURFACE_DEVICE_H_
#define EDGETUNE_SIM_SURFACE_DEVICE_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "core/device.h"
#include "traces/surface.h"

namespace sim {

struct SurfaceDeviceOptions {
  // Board time charged per trial: settle after applying clocks, then the
  // measurement window (defaults follow common practice on Jetson: DVFS and
  // thermals settle in ~2 s; a 5 s window averages INA3221 noise).
  double settle_s = 2.0;
  double window_s = 5.0;
  // false: return the surface's mean values exactly (the oracle's view).
  bool noise = true;
  // Fill Measurement::extra with every other metric (latency, ...). Off by
  // default: it costs a map insertion per metric on the hot path.
  bool report_extra_metrics = false;

  // Throws core::InputError naming the field when a time is negative or not
  // finite.
  void validate() const;
};

// Measures by looking the configuration up in the surface. With noise on,
// the k-th reading of a point (k counted per point from 0) returns, per
// metric, the surface's recorded repeat k (cycling in recorded order) when it
// has /repeats, otherwise the mean plus Gaussian noise with the point's
// /metrics_std (no noise where the surface has no std). The noise is
// core::counter_normals(seed, point, k): a pure function of the seed, the
// point and k, so any two call sequences that read a point k times see the
// same k readings of it (common random numbers across methods).
class SurfaceDevice : public core::Device {
 public:
  SurfaceDevice(std::shared_ptr<const traces::Surface> surface, std::uint64_t seed,
                SurfaceDeviceOptions options = {});

  const core::ConfigSpace& space() const override { return surface_->space; }
  core::Measurement measure(const core::Config& config) override;

  const traces::Surface& surface() const { return *surface_; }

 private:
  static double sample(const std::vector<double>& mean, const std::vector<double>* std,
                       const traces::RepeatedMetric* repeats, std::size_t index, std::size_t repeat,
                       double normal);

  std::shared_ptr<const traces::Surface> surface_;
  SurfaceDeviceOptions options_;
  std::uint64_t seed_;
  // Resolved once so measure() does no map lookups (Surface::throughput_fps()
  // and power_w() look their metric up by name).
  const std::vector<double>* throughput_ = nullptr;
  const std::vector<double>* power_ = nullptr;
  const std::vector<double>* throughput_std_ = nullptr;
  const std::vector<double>* power_std_ = nullptr;
  const traces::RepeatedMetric* throughput_repeats_ = nullptr;
  const traces::RepeatedMetric* power_repeats_ = nullptr;
  std::vector<std::uint32_t> times_measured_;  // per point: k of its next reading
};

}  // namespace sim

#endif  // EDGETUNE_SIM_SURFACE_DEVICE_H_
