#include "experiments/surfaces/surface_summary.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace experiments {

SurfaceSummary summarize(const traces::Surface& surface) {
  SurfaceSummary summary;
  summary.points = surface.space.size();
  for (std::size_t i = 0; i < summary.points; ++i) summary.available += surface.available(i);
  summary.skipped = traces::skipped_levels(surface);
  for (const auto& [name, metric] : surface.metrics) {
    MetricRange range{std::numeric_limits<double>::infinity(),
                      -std::numeric_limits<double>::infinity()};
    for (std::size_t i = 0; i < summary.points; ++i) {
      const double v = metric.values[i];
      if (!surface.available(i) || std::isnan(v)) continue;
      range.min = std::min(range.min, v);
      range.max = std::max(range.max, v);
    }
    if (range.min <= range.max) summary.ranges[name] = range;
  }
  if (!summary.ranges.count("throughput")) return summary;
  const double max_fps = summary.ranges["throughput"].max;
  const double halfwidth = 0.025 * max_fps;
  const auto& fps = surface.throughput_fps();
  const auto& watts = surface.power_w();
  for (double fraction : {0.2, 0.4, 0.6, 0.8}) {
    EqualThroughputBand band;
    band.throughput_fps = fraction * max_fps;
    band.min_power_w = std::numeric_limits<double>::infinity();
    band.max_power_w = 0.0;
    for (std::size_t i = 0; i < summary.points; ++i) {
      if (!surface.available(i) || std::abs(fps[i] - band.throughput_fps) > halfwidth) continue;
      ++band.configurations;
      band.min_power_w = std::min(band.min_power_w, watts[i]);
      band.max_power_w = std::max(band.max_power_w, watts[i]);
    }
    if (band.configurations) summary.bands.push_back(band);
  }
  return summary;
}

std::string measured_share_text(const traces::Surface& surface) {
  if (surface.measured.empty()) return "";
  const std::size_t measured = surface.measured_points(), points = surface.space.size();
  std::string text =
      fmt::format("{} of {} points measured ({:.1f}%)", measured, points,
                  100.0 * static_cast<double>(measured) / static_cast<double>(points));
  if (!surface.completion.method.empty())
    text += fmt::format(", the rest modelled by {}", surface.completion.method);
  else if (measured < points)
    text += ", the rest unknown: run `edgetune complete` before replaying it";
  return text;
}

}  // namespace experiments
