// Tiny in-memory surfaces for tests, built from a formula over knob values.
#ifndef EDGETUNE_TESTS_SUPPORT_TINY_SURFACE_H_
#define EDGETUNE_TESTS_SUPPORT_TINY_SURFACE_H_

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "traces/surface.h"

namespace testing_support {

// (throughput_fps, power_w) at the given physical knob values; NaN = unavailable.
using SurfaceFormula = std::function<std::pair<double, double>(const std::vector<double>&)>;

inline traces::Surface make_surface(std::vector<core::Knob> knobs, const SurfaceFormula& formula,
                                    double relative_std = 0.0) {
  traces::Surface surface;
  surface.device = "test-board";
  surface.model = "test-model";
  surface.provenance = "synthetic";
  surface.description = "made in a test";
  surface.space = core::ConfigSpace(std::move(knobs));
  auto& fps = surface.metrics["throughput"];
  auto& watts = surface.metrics["power"];
  fps.unit = "fps";
  watts.unit = "W";
  for (std::size_t i = 0; i < surface.space.size(); ++i) {
    const core::Config c = surface.space.config(i);
    std::vector<double> values;
    for (std::size_t k = 0; k < surface.space.num_knobs(); ++k)
      values.push_back(surface.space.value(c, k));
    const auto [t, p] = formula(values);
    fps.values.push_back(t);
    watts.values.push_back(p);
  }
  if (relative_std > 0) {
    for (const char* name : {"throughput", "power"}) {
      auto& std_metric = surface.metrics_std[name];
      std_metric.unit = surface.metrics[name].unit;
      for (double v : surface.metrics[name].values)
        std_metric.values.push_back(std::isnan(v) ? NAN : relative_std * v);
    }
  }
  return surface;
}

// A smooth two-knob board: fps grows with both clocks and saturates, power
// grows super-linearly. gpu_freq x emc_freq, 6 x 4 points.
inline traces::Surface two_knob_surface(double relative_std = 0.0) {
  return make_surface(
      {{"gpu_freq", "MHz", {300, 500, 700, 900, 1100, 1300}},
       {"emc_freq", "MHz", {665, 1600, 2133, 3199}}},
      [](const std::vector<double>& v) {
        const double g = v[0] / 1300.0, m = v[1] / 3199.0;
        const double fps = 100.0 * std::min(g, 0.4 + 0.6 * m);
        const double w = 5.0 + 20.0 * g * g * g + 6.0 * m;
        return std::make_pair(fps, w);
      },
      relative_std);
}

// A unique scratch path under the test temp dir.
inline std::string temp_path(const std::string& name) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "edgetune-tests";
  fs::create_directories(dir);
  return (dir / (std::to_string(::getpid()) + "-" + name)).string();
}

}  // namespace testing_support

#endif  // EDGETUNE_TESTS_SUPPORT_TINY_SURFACE_H_
