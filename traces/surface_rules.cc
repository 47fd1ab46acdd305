// validate_surface: the format's rules applied to a surface in memory, so
// that everything edgetune writes loads again.
#include <algorithm>
#include <cmath>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "core/errors.h"
#include "traces/surface_file.h"

namespace traces {
namespace {

[[noreturn]] void fail(const Surface& surface, const std::string& object, const std::string& rule) {
  throw core::InputError(surface.label() + ": " + object + ": " + rule);
}

void check_name(const Surface& surface, const std::string& group, const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") {
    fail(surface, group, "invalid dataset name '" + name + "'");
  }
}

void check_size(const Surface& surface, const std::string& object, std::size_t size,
                std::size_t expected) {
  if (size != expected) {
    fail(surface, object,
         "has " + std::to_string(size) + " values, the grid has " + std::to_string(expected));
  }
}

// Every surface has them, and they are magnitudes (check_magnitudes).
const char* const kRequiredMetrics[] = {"throughput", "power"};

bool is_required(const std::string& metric) {
  return std::find(std::begin(kRequiredMetrics), std::end(kRequiredMetrics), metric) !=
         std::end(kRequiredMetrics);
}

std::string number(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

// Throughput, power and standard deviations are magnitudes: each value is
// a finite number >= 0, or NaN (not measured). A negative power would make
// the least-power optimum and every score negative, an infinite throughput
// the max-throughput oracle; neither is a measurement.
void check_magnitudes(const Surface& surface, const std::string& object,
                      const std::vector<double>& values, std::size_t per_point) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double v = values[i];
    if (std::isnan(v) || (std::isfinite(v) && v >= 0.0)) continue;
    fail(surface, object,
         "value " + number(v) + " at " +
             surface.space.describe(surface.space.config(i / per_point)) +
             " is not a finite number >= 0 (NaN marks a point that was not measured)");
  }
}

}  // namespace

void validate_surface(const Surface& surface) {
  if (surface.device.empty()) fail(surface, "/", "attribute 'device' is empty");
  if (surface.model.empty()) fail(surface, "/", "attribute 'model' is empty");
  if (surface.provenance != "recorded" && surface.provenance != "synthetic") {
    fail(surface, "/",
         "attribute 'provenance' is '" + surface.provenance +
             "', expected 'recorded' or 'synthetic'");
  }
  if (surface.space.num_knobs() == 0) fail(surface, "/knobs", "must hold at least one knob");
  for (const core::Knob& knob : surface.space.knobs()) {
    check_name(surface, "/knobs", knob.name);
    const std::string object = "/knobs/" + knob.name;
    if (knob.values.empty()) fail(surface, object, "must have at least one value");
    for (std::size_t i = 0; i < knob.values.size(); ++i) {
      if (!std::isfinite(knob.values[i])) fail(surface, object, "values must be finite numbers");
      if (i && !(knob.values[i] > knob.values[i - 1]))
        fail(surface, object, "values not strictly increasing");
    }
  }
  const std::size_t points = surface.space.size();
  for (const char* required : kRequiredMetrics) {
    if (!surface.metrics.count(required))
      fail(surface, std::string("/metrics/") + required, "missing required metric");
  }
  for (const auto& [name, metric] : surface.metrics) {
    check_name(surface, "/metrics", name);
    check_size(surface, "/metrics/" + name, metric.values.size(), points);
    if (is_required(name)) check_magnitudes(surface, "/metrics/" + name, metric.values, 1);
  }
  for (const auto& [name, metric] : surface.metrics_std) {
    if (!surface.metrics.count(name))
      fail(surface, "/metrics_std/" + name, "names no dataset in /metrics");
    check_size(surface, "/metrics_std/" + name, metric.values.size(), points);
    check_magnitudes(surface, "/metrics_std/" + name, metric.values, 1);
  }
  for (const auto& [name, metric] : surface.repeats) {
    const std::string object = "/repeats/" + name;
    if (!surface.metrics.count(name)) fail(surface, object, "names no dataset in /metrics");
    if (metric.repeats < 1) fail(surface, object, "must hold at least one repeat");
    check_size(surface, object, metric.values.size(), points * metric.repeats);
    if (is_required(name)) check_magnitudes(surface, object, metric.values, metric.repeats);
  }
}

}  // namespace traces
