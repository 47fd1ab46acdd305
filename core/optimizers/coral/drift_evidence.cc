#include "core/optimizers/coral/drift_evidence.h"

#include <algorithm>
#include <cmath>

namespace core {
namespace {

// Relative noise below which a deviation is not trusted to mean anything:
// a replay without noise repeats itself exactly, and any change at all is
// then a drift, but a board's sensors do not resolve 0.1%.
constexpr double kNoiseFloor = 1e-3;

double log_deviation(double reading, double expected_log, double sd) {
  return std::abs(std::log(reading) - expected_log) / sd;
}

}  // namespace

double repeat_deviation(const TrialHistory::Entry& earlier, double fps, double w, int count,
                        const NoiseEstimate& noise) {
  if (!earlier.available || earlier.count < 1 || !(earlier.mean_fps > 0) || !(earlier.mean_w > 0) ||
      count < 1 || !(fps > 0) || !(w > 0))
    return 0.0;
  const double spread = std::sqrt(1.0 / earlier.count + 1.0 / count);
  return std::max(
      log_deviation(fps, std::log(earlier.mean_fps), std::max(noise.fps(), kNoiseFloor) * spread),
      log_deviation(w, std::log(earlier.mean_w), std::max(noise.w(), kNoiseFloor) * spread));
}

Surprise surprise_deviation(const LogPrediction& predicted, const Measurement& reading,
                            const NoiseEstimate& noise) {
  if (!reading.available || !(reading.throughput_fps > 0) || !(reading.power_w > 0)) return {};
  auto deviation = [](double reading, double mean, double model_sd, double noise_sd) {
    const double reading_sd = std::max(noise_sd, kNoiseFloor);
    return (std::log(reading) - mean) / std::sqrt(model_sd * model_sd + reading_sd * reading_sd);
  };
  return {deviation(reading.throughput_fps, predicted.fps_mean, predicted.fps_sd, noise.fps()),
          deviation(reading.power_w, predicted.w_mean, predicted.w_sd, noise.w())};
}

void SurpriseDrift::clear() { fps_ = w_ = Metric{}; }

bool SurpriseDrift::add(const Surprise& s) {
  const bool fps = fps_.add(s.fps, allowance_, limit_);
  const bool w = w_.add(s.w, allowance_, limit_);
  if (!fps && !w) return false;
  fps_.up = fps_.down = w_.up = w_.down = 0.0;
  return true;
}

bool SurpriseDrift::Metric::add(double z, double allowance, double limit) {
  constexpr std::size_t kMinSurprises = 5;
  bool past = false;
  if (seen.size() >= kMinSurprises) {
    std::vector<double> sorted = seen;
    const auto middle = sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2);
    std::nth_element(sorted.begin(), middle, sorted.end());
    const double centre = *middle;
    for (double& v : sorted) v = std::abs(v - centre);
    std::nth_element(sorted.begin(), middle, sorted.end());
    const double scaled = (z - centre) / std::max(1.0, *middle / 0.6745);
    up = std::max(0.0, up + scaled - allowance);
    down = std::max(0.0, down - scaled - allowance);
    past = up > limit || down > limit;
  }
  seen.push_back(z);
  return past;
}

}  // namespace core
