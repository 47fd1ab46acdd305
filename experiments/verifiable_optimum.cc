#include "experiments/verifiable_optimum.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/errors.h"

namespace experiments {
namespace {

// Sample standard deviation of each point's repeats (NaN repeats skipped;
// NaN where fewer than two remain).
std::vector<double> spread_of_repeats(const traces::RepeatedMetric& repeats) {
  std::vector<double> sd(repeats.values.size() / repeats.repeats);
  for (std::size_t i = 0; i < sd.size(); ++i) {
    double sum = 0.0, sum_sq = 0.0;
    int n = 0;
    for (std::size_t r = 0; r < repeats.repeats; ++r) {
      const double v = repeats.values[i * repeats.repeats + r];
      if (std::isnan(v)) continue;
      sum += v, sum_sq += v * v, ++n;
    }
    sd[i] = n < 2
                ? NAN
                : std::sqrt(std::max(0.0, (sum_sq - sum * sum / n) / (n - 1)));
  }
  return sd;
}

std::vector<double> noise_of(const traces::Surface& surface,
                             const std::string& metric) {
  if (auto sd = surface.metrics_std.find(metric);
      sd != surface.metrics_std.end())
    return sd->second.values;
  if (auto rep = surface.repeats.find(metric);
      rep != surface.repeats.end() && rep->second.repeats >= 2)
    return spread_of_repeats(rep->second);
  throw core::InputError(
      surface.label() + ": no /metrics_std/" + metric +
      " nor two or more /repeats/" + metric +
      ", so its measurement noise is unknown; drop --slack-sd or use a surface "
      "that records the noise");
}

}  // namespace

MeasurementNoise measurement_noise(const traces::Surface& surface) {
  return {noise_of(surface, "throughput"), noise_of(surface, "power")};
}

core::OracleResult verifiable_optimum(const traces::Surface& surface,
                                      const core::Goal& goal, double slack_sd) {
  const MeasurementNoise noise = measurement_noise(surface);
  const std::vector<double>& fps = surface.throughput_fps();
  const std::vector<double>& w = surface.power_w();
  core::OracleResult result;
  result.configurations = surface.space.size();
  for (std::size_t i = 0; i < result.configurations; ++i) {
    if (!surface.available(i)) continue;
    ++result.available;
    // A point whose noise is unknown (NaN) cannot be verified: Goal::feasible
    // rejects it.
    if (!goal.feasible(fps[i] - slack_sd * noise.throughput_fps[i],
                       w[i] + slack_sd * noise.power_w[i]))
      continue;
    ++result.feasible;
    if (!result.best ||
        goal.better(fps[i], w[i], result.throughput_fps, result.power_w)) {
      result.best = surface.space.config(i);
      result.throughput_fps = fps[i];
      result.power_w = w[i];
    }
  }
  return result;
}

}  // namespace experiments
