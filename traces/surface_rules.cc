// validate_surface: the format's rules applied to a surface in memory, so
// that everything edgetune writes loads again.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/errors.h"
#include "traces/surface_file.h"

namespace traces {
namespace {

[[noreturn]] void fail(const Surface& surface, const std::string& object, const std::string& rule) {
  throw core::InputError(one_line(surface.label() + ": " + object + ": " + rule));
}

void check_name(const Surface& surface, const std::string& group, const std::string& name) {
  const bool control = std::any_of(name.begin(), name.end(), core::is_control);
  if (name.empty() || control || name.find('/') != std::string::npos || name == "." ||
      name == "..") {
    fail(surface, group, "invalid dataset name '" + printable(name) + "'");
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

std::string at(const Surface& surface, std::size_t point) {
  return surface.space.describe(surface.space.config(point));
}

// Strings that get printed (ids, names, units) hold no control characters:
// a newline would split a one-line message and an escape sequence would
// reach the user's terminal. The free-text description may hold newlines
// and tabs, nothing else.
void check_printable(const Surface& surface, const std::string& object, const std::string& what,
                     const std::string& text, bool multi_line = false) {
  for (unsigned char c : text) {
    const bool allowed_space = multi_line && (c == '\n' || c == '\t');
    if (core::is_control(c) && !allowed_space) {
      fail(surface, object,
           what + " '" + printable(text) + "' holds a control character; use plain text");
    }
  }
}

// The units ../shared/surface-format.md fixes for its standard names.
const std::map<std::string, std::string>& standard_units() {
  static const std::map<std::string, std::string> units = {
      {"throughput", "fps"}, {"power", "W"},      {"latency_p50", "ms"},
      {"latency_p99", "ms"}, {"cpu_freq", "MHz"}, {"cpu_cores", "count"},
      {"gpu_freq", "MHz"},   {"emc_freq", "MHz"}, {"concurrency", "count"},
      {"batch", "count"}};
  return units;
}

void check_unit(const Surface& surface, const std::string& object, const std::string& name,
                const std::string& unit) {
  check_printable(surface, object, "unit", unit);
  const auto standard = standard_units().find(name);
  if (standard != standard_units().end() && unit != standard->second) {
    fail(surface, object,
         "unit '" + printable(unit) + "' is not the standard unit of '" + name + "' ('" +
             standard->second + "'); convert the values or rename the dataset");
  }
}

// A standard deviation belongs to a measurement: NaN exactly where the
// metric is NaN, else a finite number from 0 to the metric's own magnitude
// (a relative spread above 100% is no measurement of a rate or a power; a
// 1e300 one once made replayed power -2.7e306 W).
void check_std(const Surface& surface, const std::string& object, const Metric& metric,
               const Metric& std) {
  for (std::size_t i = 0; i < std.values.size(); ++i) {
    const double v = metric.values[i], s = std.values[i];
    if (std::isnan(v)) continue;
    if (!(std::isfinite(s) && s >= 0.0 && s <= std::abs(v))) {
      fail(surface, object,
           "value " + number(s) + " at " + at(surface, i) +
               " is not a standard deviation of the metric's " + number(v) +
               " (a finite number from 0 to |metric|)");
    }
  }
}

// Repeated readings of a measured point are finite and within a factor of
// ten of the metric (whatever summary of them it is).
void check_repeats(const Surface& surface, const std::string& object, const Metric& metric,
                   const RepeatedMetric& repeats) {
  for (std::size_t i = 0; i < metric.values.size(); ++i) {
    const double v = metric.values[i];
    if (std::isnan(v)) continue;
    for (std::size_t r = 0; r < repeats.repeats; ++r) {
      const double x = repeats.values[i * repeats.repeats + r];
      if (!(std::isfinite(x) && std::abs(x) <= 10.0 * std::abs(v) &&
            std::abs(v) <= 10.0 * std::abs(x))) {
        fail(surface, object,
             "repeat " + std::to_string(r) + " (" + number(x) + ") at " + at(surface, i) +
                 " is not a reading of the metric's " + number(v) +
                 " (finite, within a factor of 10)");
      }
    }
  }
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
         "value " + number(v) + " at " + at(surface, i / per_point) +
             " is not a finite number >= 0 (NaN marks a point that was not measured)");
  }
}

// The completion attributes: a method edgetune knows, its parameters a
// bounded JSON object in UTF-8, fitted to no more points than were measured.
void check_completion(const Surface& surface) {
  const Completion& c = surface.completion;
  const bool known = std::any_of(std::begin(kCompletionMethods), std::end(kCompletionMethods),
                                 [&](const char* m) { return c.method == m; });
  if (!known) {
    std::string methods;
    for (const char* m : kCompletionMethods)
      methods += (methods.empty() ? "" : ", ") + std::string(m);
    fail(surface, "/",
         "attribute 'completion_method' is '" + printable(c.method) +
             "', not a model edgetune completes surfaces with (" + methods + ")");
  }
  if (c.parameters.size() > kMaxCompletionParametersBytes || !core::valid_utf8(c.parameters) ||
      c.parameters.empty() || c.parameters.front() != '{' || c.parameters.back() != '}') {
    fail(surface, "/",
         "attribute 'completion_parameters' is not a JSON object in UTF-8 of at most " +
             std::to_string(kMaxCompletionParametersBytes) + " bytes");
  }
  if (c.readings > surface.measured_points()) {
    fail(surface, "/",
         "attribute 'completion_readings' is " + std::to_string(c.readings) + ", more than the " +
             std::to_string(surface.measured_points()) + " points /measured says were measured");
  }
}

// /measured (version 2): a 0/1 byte per point. Where nobody measured and no
// model filled in (edgetune complete), every metric is NaN: a number there
// would be a reading no one took.
void check_measured(const Surface& surface) {
  if (surface.measured.empty()) {
    if (!surface.completion.method.empty())
      fail(surface, "/", "a completed surface must say which points were measured (/measured)");
    return;
  }
  check_size(surface, "/measured", surface.measured.size(), surface.space.size());
  for (std::size_t i = 0; i < surface.measured.size(); ++i) {
    if (surface.measured[i] > 1)
      fail(surface, "/measured",
           "value " + std::to_string(surface.measured[i]) + " at " + at(surface, i) +
               " is not 0 (not measured) or 1 (measured)");
  }
  if (!surface.completion.method.empty()) {
    check_completion(surface);
    return;
  }
  for (const auto& [name, metric] : surface.metrics) {
    for (std::size_t i = 0; i < metric.values.size(); ++i) {
      if (!surface.measured[i] && !std::isnan(metric.values[i]))
        fail(surface, "/metrics/" + name,
             "value " + number(metric.values[i]) + " at " + at(surface, i) +
                 ", a point /measured says nobody measured (NaN there, or complete the surface)");
    }
  }
}

}  // namespace

void validate_surface(const Surface& surface) {
  if (surface.device.empty()) fail(surface, "/", "attribute 'device' is empty");
  if (surface.model.empty()) fail(surface, "/", "attribute 'model' is empty");
  check_printable(surface, "/", "attribute 'device'", surface.device);
  check_printable(surface, "/", "attribute 'model'", surface.model);
  check_printable(surface, "/", "attribute 'description'", surface.description, true);
  if (surface.provenance != "recorded" && surface.provenance != "synthetic") {
    fail(surface, "/",
         "attribute 'provenance' is '" + printable(surface.provenance) +
             "', expected 'recorded' or 'synthetic'");
  }
  if (surface.space.num_knobs() == 0) fail(surface, "/knobs", "must hold at least one knob");
  for (const core::Knob& knob : surface.space.knobs()) {
    check_name(surface, "/knobs", knob.name);
    const std::string object = "/knobs/" + knob.name;
    check_unit(surface, object, knob.name, knob.unit);
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
    check_unit(surface, "/metrics/" + name, name, metric.unit);
    if (is_required(name)) check_magnitudes(surface, "/metrics/" + name, metric.values, 1);
  }
  for (const auto& [name, metric] : surface.metrics_std) {
    if (!surface.metrics.count(name))
      fail(surface, "/metrics_std/" + name, "names no dataset in /metrics");
    check_size(surface, "/metrics_std/" + name, metric.values.size(), points);
    check_printable(surface, "/metrics_std/" + name, "unit", metric.unit);
    check_std(surface, "/metrics_std/" + name, surface.metrics.at(name), metric);
  }
  for (const auto& [name, metric] : surface.repeats) {
    const std::string object = "/repeats/" + name;
    if (!surface.metrics.count(name)) fail(surface, object, "names no dataset in /metrics");
    if (metric.repeats < 1) fail(surface, object, "must hold at least one repeat");
    check_size(surface, object, metric.values.size(), points * metric.repeats);
    check_printable(surface, object, "unit", metric.unit);
    if (is_required(name)) check_magnitudes(surface, object, metric.values, metric.repeats);
    check_repeats(surface, object, surface.metrics.at(name), metric);
  }
  check_measured(surface);
}

void require_replayable(const Surface& surface) {
  if (!surface.has_unknown_points()) return;
  const std::size_t measured = surface.measured_points(), points = surface.space.size();
  char share[32];
  std::snprintf(share, sizeof share, "%.1f%%",
                100.0 * static_cast<double>(measured) / static_cast<double>(points));
  throw core::InputError(
      one_line(surface.label() + ": only " + std::to_string(measured) + " of " +
               std::to_string(points) + " points were measured (" + share +
               ", a sampled recording); an optimizer replayed on it would take the rest for "
               "configurations that cannot run: fill them first with `edgetune complete " +
               surface.label() + " --out COMPLETED.h5`"));
}

}  // namespace traces
