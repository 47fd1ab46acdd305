#include "sim/synthesizer.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <random>

#include "core/errors.h"
#include "core/option_check.h"

namespace sim {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string describe(const PerformanceModel& model, const SynthOptions& o) {
  return fmt::format(
      "synthetic: edgetune synth physics model (sim/README.md) for {} running {}, seed {}; "
      "device profile {}, model profile {}; per-point idiosyncrasy {:.1f}%, noise {:.1f}% fps / "
      "{:.1f}% W; not measured on hardware",
      model.device().name, model.model().name, o.seed, model.device().id, model.model().id,
      100 * o.idiosyncrasy, 100 * o.throughput_noise, 100 * o.power_noise);
}

}  // namespace

void SynthOptions::validate() const {
  constexpr const char* kOwner = "synth";
  auto fraction = [&](const char* field, double v) {
    core::check_option(v >= 0 && v < 1, kOwner, field, v, "in [0, 1)");
  };
  auto floor = [&](const char* field, double v) {
    core::check_option(v >= 0 && std::isfinite(v), kOwner, field, v, "finite and >= 0");
  };
  fraction("idiosyncrasy", idiosyncrasy);
  fraction("throughput_noise", throughput_noise);
  fraction("power_noise", power_noise);
  floor("throughput_noise_floor_fps", throughput_noise_floor_fps);
  floor("power_noise_floor_w", power_noise_floor_w);
  core::check_option(repeats >= 0 && repeats <= 100, kOwner, "repeats", repeats, "in [0, 100]");
}

traces::Surface synthesize(const PerformanceModel& model, const SynthOptions& o) {
  o.validate();
  traces::Surface s;
  s.device = model.device().id;
  s.model = model.model().id;
  s.provenance = "synthetic";
  s.description = describe(model, o);
  const std::vector<core::Knob> knobs = model.device().knobs();
  if (!core::bounded_grid_points(knobs, traces::kMaxSurfacePoints)) {
    throw core::InputError("device profile '" + model.device().id + "': its grid of " +
                           core::grid_shape_text(knobs) + " levels spans more than the " +
                           std::to_string(traces::kMaxSurfacePoints) +
                           " points a surface may; use fewer values per knob");
  }
  s.space = core::ConfigSpace(knobs);
  const std::size_t n = s.space.size();

  struct Column {
    const char* name;
    const char* unit;
  };
  const Column columns[] = {{"throughput", "fps"},
                            {"power", "W"},
                            {"latency_p50", "ms"},
                            {"latency_p99", "ms"},
                            {"energy_per_frame", "J"}};
  for (const Column& c : columns) {
    s.metrics[c.name].unit = c.unit;
    s.metrics[c.name].values.assign(n, kNaN);
  }
  for (const char* name : {"throughput", "power"}) {
    s.metrics_std[name].unit = s.metrics[name].unit;
    s.metrics_std[name].values.assign(n, kNaN);
  }
  if (o.repeats > 0) {
    for (const char* name : {"throughput", "power"}) {
      s.repeats[name].unit = s.metrics[name].unit;
      s.repeats[name].repeats = static_cast<std::size_t>(o.repeats);
      s.repeats[name].values.assign(n * static_cast<std::size_t>(o.repeats), kNaN);
    }
  }

  // One generator, points visited in flat order: the file is a pure
  // function of the profiles and the seed.
  std::mt19937_64 rng(o.seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  for (std::size_t i = 0; i < n; ++i) {
    const core::Config c = s.space.config(i);
    OperatingPoint p;
    p.cpu_freq_mhz = s.space.value(c, 0);
    p.cpu_cores = s.space.value(c, 1);
    p.gpu_freq_mhz = s.space.value(c, 2);
    p.emc_freq_mhz = s.space.value(c, 3);
    p.concurrency = s.space.value(c, 4);
    const PointMetrics m = model.evaluate(p);
    const double fps_quirk = std::exp(o.idiosyncrasy * normal(rng));
    const double watt_quirk = std::exp(0.5 * o.idiosyncrasy * normal(rng));
    if (!m.available) continue;
    const double fps = m.throughput_fps * fps_quirk;
    const double watts = m.power_w * watt_quirk;
    s.metrics["throughput"].values[i] = fps;
    s.metrics["power"].values[i] = watts;
    s.metrics["latency_p50"].values[i] = m.latency_p50_ms / fps_quirk;
    s.metrics["latency_p99"].values[i] = m.latency_p99_ms / fps_quirk;
    s.metrics["energy_per_frame"].values[i] = watts / fps;
    const double fps_std = o.throughput_noise * fps + o.throughput_noise_floor_fps;
    const double watt_std = o.power_noise * watts + o.power_noise_floor_w;
    s.metrics_std["throughput"].values[i] = fps_std;
    s.metrics_std["power"].values[i] = watt_std;
    for (int r = 0; r < o.repeats; ++r) {
      const std::size_t at = i * static_cast<std::size_t>(o.repeats) + static_cast<std::size_t>(r);
      s.repeats["throughput"].values[at] = fps + fps_std * normal(rng);
      s.repeats["power"].values[at] = watts + watt_std * normal(rng);
    }
  }
  return s;
}

}  // namespace sim
