#include "sim/surface_device.h"

#include <cmath>
#include <string>

#include "core/counter_normal.h"
#include "core/errors.h"
#include "core/option_check.h"
#include "traces/surface_file.h"

namespace sim {
namespace {

void check_time(double seconds, const char* field) {
  core::check_option(std::isfinite(seconds) && seconds >= 0, "surface device", field, seconds,
                     "a finite number of seconds >= 0");
}

template <typename Map>
const typename Map::mapped_type* find_or_null(const Map& map, const std::string& key) {
  auto it = map.find(key);
  return it == map.end() ? nullptr : &it->second;
}

}  // namespace

void SurfaceDeviceOptions::validate() const {
  check_time(settle_s, "settle_s");
  check_time(window_s, "window_s");
}

SurfaceDevice::SurfaceDevice(std::shared_ptr<const traces::Surface> surface, std::uint64_t seed,
                             SurfaceDeviceOptions options)
    : surface_(std::move(surface)), options_(options), seed_(seed) {
  options_.validate();
  traces::require_replayable(*surface_);
  throughput_ = &surface_->throughput_fps();
  power_ = &surface_->power_w();
  if (const traces::Metric* m = find_or_null(surface_->metrics_std, "throughput"))
    throughput_std_ = &m->values;
  if (const traces::Metric* m = find_or_null(surface_->metrics_std, "power"))
    power_std_ = &m->values;
  throughput_repeats_ = find_or_null(surface_->repeats, "throughput");
  power_repeats_ = find_or_null(surface_->repeats, "power");
  if (options_.noise) times_measured_.assign(surface_->space.size(), 0);
}

double SurfaceDevice::sample(const std::vector<double>& mean, const std::vector<double>* std,
                             const traces::RepeatedMetric* repeats, std::size_t index,
                             std::size_t repeat, double normal) {
  if (repeats && repeats->repeats > 0) {
    const double value = repeats->values[index * repeats->repeats + repeat % repeats->repeats];
    if (!std::isnan(value)) return value;
  }
  const double sigma = std ? (*std)[index] : 0.0;
  if (!(sigma > 0)) return mean[index];
  return mean[index] + sigma * normal;
}

core::Measurement SurfaceDevice::measure(const core::Config& config) {
  core::Measurement m;
  m.config = config;
  m.cost_s = options_.settle_s + options_.window_s;
  const std::size_t index = surface_->space.index(config);
  const double fps = (*throughput_)[index], watts = (*power_)[index];
  if (std::isnan(fps) || std::isnan(watts)) {  // Surface::available
    m.available = false;
    return m;
  }
  if (!options_.noise) {
    m.throughput_fps = fps;
    m.power_w = watts;
  } else {
    const std::uint32_t k = times_measured_[index]++;
    const core::NormalPair z = core::counter_normals(seed_, index, k);
    m.throughput_fps =
        sample(*throughput_, throughput_std_, throughput_repeats_, index, k, z.first);
    m.power_w = sample(*power_, power_std_, power_repeats_, index, k, z.second);
  }
  if (options_.report_extra_metrics) {
    for (const auto& [name, metric] : surface_->metrics) {
      if (name == "throughput" || name == "power") continue;
      m.extra[name] = metric.values[index];
    }
  }
  return m;
}

}  // namespace sim
