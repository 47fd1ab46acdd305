// A performance surface in memory: what one (device, model) pair does at
// every configuration of a grid. The file layout is ../shared/surface-format.md;
// traces/surface_file.h reads and writes it.
#ifndef EDGETUNE_TRACES_SURFACE_H_
#define EDGETUNE_TRACES_SURFACE_H_

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/config_space.h"

namespace traces {

// The most points a surface's grid may span: 2^27, a 1 GiB array of doubles
// per metric (a five-knob grid of 40 levels each has 1e8 points; a Jetson's
// full grid, 35k to 180k). Import, read, decode and synthesis check a grid
// against it (core::bounded_grid_points) before allocating anything for it.
inline constexpr std::size_t kMaxSurfacePoints = std::size_t{1} << 27;

// One metric over the grid: values[i] is the value at flat index i of the
// surface's ConfigSpace (row-major over the axes); NaN = not available.
struct Metric {
  std::string unit;
  std::vector<double> values;
};

// R repeated measurements per grid point, in the order taken:
// values[i * repeats + r] is repeat r at flat index i.
struct RepeatedMetric {
  std::string unit;
  std::size_t repeats = 0;
  std::vector<double> values;
};

// How a completed surface (edgetune complete) filled the points nobody
// measured: format version 2, traces/surface-format-v2.md.
struct Completion {
  std::string method;        // empty: not completed; else one of kCompletionMethods
  std::string parameters;    // the fitted model, a JSON object
  std::size_t readings = 0;  // measured points that could run, which the model was fitted to
};

// The models edgetune completes surfaces with (experiments/completion/).
// A file naming another is refused: its unmeasured points would be replayed
// as modelled when nothing known filled them.
inline const char* const kCompletionMethods[] = {"log-gp", "model-gp"};
// The parameters are a summary of a fitted model, never this large.
inline constexpr std::size_t kMaxCompletionParametersBytes = std::size_t{1} << 16;

struct Surface {
  std::string path;  // file it was loaded from; empty when built in memory
  // Root attributes.
  std::string device;
  std::string model;
  std::string provenance;  // "recorded" or "synthetic"
  std::string description;
  // Knobs in axis order (knob i is axis i).
  core::ConfigSpace space;
  // /metrics: "throughput" (fps) and "power" (W) always; others optional.
  std::map<std::string, Metric> metrics;
  std::map<std::string, Metric> metrics_std;      // /metrics_std (optional)
  std::map<std::string, RepeatedMetric> repeats;  // /repeats (optional)
  // /measured (format version 2): measured[i] is 1 when point i was
  // measured (its metrics are readings: numbers, or NaN when it could not
  // run) and 0 when it never was. Empty: every point was measured (version 1).
  std::vector<std::uint8_t> measured;
  Completion completion;

  // Measured points (all of them in a version-1 surface).
  std::size_t measured_points() const {
    std::size_t n = 0;
    for (std::uint8_t m : measured) n += m;
    return measured.empty() ? space.size() : n;
  }
  // A point nobody measured and no model filled: the surface cannot be
  // replayed until `edgetune complete` fills it.
  bool has_unknown_points() const {
    return completion.method.empty() && measured_points() < space.size();
  }

  const std::vector<double>& throughput_fps() const { return metrics.at("throughput").values; }
  const std::vector<double>& power_w() const { return metrics.at("power").values; }
  // The throughput and power columns, looked up once: a loop over every
  // point reads them through this instead of two map lookups per point.
  struct Columns {
    const std::vector<double>& fps;
    const std::vector<double>& watts;
    // A point can run when both throughput and power are numbers.
    bool available(std::size_t index) const {
      return !std::isnan(fps[index]) && !std::isnan(watts[index]);
    }
  };
  Columns columns() const { return {throughput_fps(), power_w()}; }
  bool available(std::size_t index) const { return columns().available(index); }
  // "agx-orin_yolov8n.h5" style name for messages: the path, or
  // "<device>/<model>" when built in memory.
  std::string label() const { return path.empty() ? device + "/" + model : path; }
};

}  // namespace traces

#endif  // EDGETUNE_TRACES_SURFACE_H_
