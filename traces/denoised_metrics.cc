#include "traces/denoised_metrics.h"

#include <algorithm>
#include <cmath>

namespace traces {
namespace {

// The median of each available point and, along each knob where both
// exist and are available, its two neighbours one level away: pairs only,
// so the window is odd and a steady rise keeps every point, edges included.
std::vector<double> cross_median(const core::ConfigSpace& space,
                                 const std::vector<double>& values) {
  std::vector<double> out(values.size());
  std::vector<double> window;
  std::vector<int> levels(space.num_knobs());
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::isnan(values[i])) {
      out[i] = values[i];
      continue;
    }
    window.assign(1, values[i]);
    space.levels(i, levels.data());
    for (std::size_t k = 0; k < space.num_knobs(); ++k) {
      const std::size_t stride = space.stride(k);
      const bool inside =
          levels[k] > 0 && levels[k] + 1 < static_cast<int>(space.knob(k).values.size());
      if (inside && !std::isnan(values[i - stride]) && !std::isnan(values[i + stride])) {
        window.push_back(values[i - stride]);
        window.push_back(values[i + stride]);
      }
    }
    std::nth_element(window.begin(), window.begin() + window.size() / 2, window.end());
    out[i] = window[window.size() / 2];
  }
  return out;
}

}  // namespace

DenoisedMetrics denoised_metrics(const Surface& surface) {
  DenoisedMetrics denoised;
  const bool single_readings = surface.provenance == "recorded" && surface.repeats.empty();
  if (!single_readings) {
    denoised.throughput_fps = surface.throughput_fps();
    denoised.power_w = surface.power_w();
    denoised.method = surface.provenance == "recorded" ? "median of the repeats"
                                                       : "noise-free values (synthetic)";
    return denoised;
  }
  denoised.throughput_fps = cross_median(surface.space, surface.throughput_fps());
  denoised.power_w = cross_median(surface.space, surface.power_w());
  denoised.method =
      "median of each reading and its pairs of neighbours one level away along each knob";
  return denoised;
}

}  // namespace traces
