// A virtual device that replays a performance surface: the device under test
// for CI regressions and research sweeps.
#ifndef EDGETUNE_SIM_SURFACE_DEVICE_H_
#define EDGETUNE_SIM_SURFACE_DEVICE_H_

#include <cstdint>
#include <memory>
#include <random>
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

// Measures by looking the configuration up in the surface. With noise on, a
// trial returns, per metric, the next recorded repeat at that point when the
// surface has /repeats (cycling in recorded order, per point), otherwise the
// mean plus Gaussian noise with the point's /metrics_std (no noise where the
// surface has no std). Deterministic for a given seed and call sequence.
class SurfaceDevice : public core::Device {
 public:
  SurfaceDevice(std::shared_ptr<const traces::Surface> surface, std::uint64_t seed,
                SurfaceDeviceOptions options = {});

  const core::ConfigSpace& space() const override { return surface_->space; }
  core::Measurement measure(const core::Config& config) override;

  const traces::Surface& surface() const { return *surface_; }

 private:
  double sample(const std::vector<double>& mean, const std::vector<double>* std,
                const traces::RepeatedMetric* repeats, std::size_t index, std::size_t repeat);

  std::shared_ptr<const traces::Surface> surface_;
  SurfaceDeviceOptions options_;
  std::mt19937_64 rng_;
  std::normal_distribution<double> normal_{0.0, 1.0};
  // Resolved once so measure() does no map lookups (Surface::throughput_fps()
  // and power_w() look their metric up by name).
  const std::vector<double>* throughput_ = nullptr;
  const std::vector<double>* power_ = nullptr;
  const std::vector<double>* throughput_std_ = nullptr;
  const std::vector<double>* power_std_ = nullptr;
  const traces::RepeatedMetric* throughput_repeats_ = nullptr;
  const traces::RepeatedMetric* power_repeats_ = nullptr;
  std::vector<std::uint32_t> times_measured_;  // per point, for repeat replay
};

}  // namespace sim

#endif  // EDGETUNE_SIM_SURFACE_DEVICE_H_
