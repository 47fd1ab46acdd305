#include "experiments/completion/physics_prior.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <optional>

#include "core/errors.h"
#include "core/text.h"
#include "sim/device_profile.h"
#include "sim/model_profile.h"

namespace experiments {
namespace {

// The surface knobs the model understands, in OperatingPoint's order.
const char* const kKnobs[] = {"cpu_freq", "cpu_cores", "gpu_freq", "emc_freq", "concurrency"};

// A detector's figures to start from when the surface's model has no
// profile: a mid-size one; calibration moves them.
constexpr char kDefaultModel[] = "yolov8s";

constexpr int kMaxEvaluations = 4000;
// A configuration the readings say ran but the model calls out of memory.
constexpr double kUnavailablePenalty = 25.0;

// The free figures, as pointers into the profiles: the detector's work per
// frame and the board's power coefficients. The board's clock tables,
// memory and voltage curves stay as profiled.
std::vector<double*> free_figures(sim::DeviceProfile& d, sim::ModelProfile& m) {
  return {&m.gflops_per_frame,
          &m.dram_mb_per_frame,
          &m.cpu_ms_at_1ghz,
          &m.gpu_efficiency,
          &m.single_stream_occupancy,
          &d.idle_w,
          &d.core_static_w,
          &d.cpu_dynamic_w,
          &d.gpu_static_w,
          &d.gpu_dynamic_w,
          &d.emc_static_w,
          &d.emc_w_per_gbs};
}
const char* const kFigureNames[] = {"gflops_per_frame",
                                    "dram_mb_per_frame",
                                    "cpu_ms_at_1ghz",
                                    "gpu_efficiency",
                                    "single_stream_occupancy",
                                    "idle_w",
                                    "core_static_w",
                                    "cpu_dynamic_w",
                                    "gpu_static_w",
                                    "gpu_dynamic_w",
                                    "emc_static_w",
                                    "emc_w_per_gbs"};

// Nelder-Mead simplex minimisation of f from x0 with initial steps `step`
// (Nelder & Mead 1965, standard coefficients).
std::vector<double> nelder_mead(const std::function<double(const std::vector<double>&)>& f,
                                std::vector<double> x0, double step, int max_evaluations) {
  const std::size_t n = x0.size();
  std::vector<std::vector<double>> simplex(n + 1, x0);
  for (std::size_t i = 0; i < n; ++i) simplex[i + 1][i] += step;
  std::vector<double> value(n + 1);
  for (std::size_t i = 0; i <= n; ++i) value[i] = f(simplex[i]);
  int evaluations = static_cast<int>(n + 1);
  std::vector<std::size_t> order(n + 1);
  while (evaluations < max_evaluations) {
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return value[a] < value[b]; });
    const std::size_t best = order.front(), worst = order.back(), second = order[n - 1];
    if (std::abs(value[worst] - value[best]) < 1e-10 * (1.0 + std::abs(value[best]))) break;
    std::vector<double> centre(n, 0.0);
    for (std::size_t i : order)
      if (i != worst)
        for (std::size_t k = 0; k < n; ++k) centre[k] += simplex[i][k] / static_cast<double>(n);
    const auto along = [&](double t) {
      std::vector<double> x(n);
      for (std::size_t k = 0; k < n; ++k) x[k] = centre[k] + t * (simplex[worst][k] - centre[k]);
      return x;
    };
    const std::vector<double> reflected = along(-1.0);
    const double fr = f(reflected);
    ++evaluations;
    if (fr < value[best]) {
      const std::vector<double> expanded = along(-2.0);
      const double fe = f(expanded);
      ++evaluations;
      if (fe < fr) {
        simplex[worst] = expanded;
        value[worst] = fe;
      } else {
        simplex[worst] = reflected;
        value[worst] = fr;
      }
    } else if (fr < value[second]) {
      simplex[worst] = reflected;
      value[worst] = fr;
    } else {
      const std::vector<double> contracted = along(fr < value[worst] ? -0.5 : 0.5);
      const double fc = f(contracted);
      ++evaluations;
      if (fc < std::min(fr, value[worst])) {
        simplex[worst] = contracted;
        value[worst] = fc;
      } else {
        for (std::size_t i : order) {
          if (i == best) continue;
          for (std::size_t k = 0; k < n; ++k)
            simplex[i][k] = simplex[best][k] + 0.5 * (simplex[i][k] - simplex[best][k]);
          value[i] = f(simplex[i]);
          ++evaluations;
        }
      }
    }
  }
  return simplex[static_cast<std::size_t>(std::min_element(value.begin(), value.end()) -
                                          value.begin())];
}

}  // namespace

PhysicsPrior::PhysicsPrior(const traces::Surface& surface, const std::vector<std::size_t>& points,
                           const std::string& device_profile)
    : surface_(surface) {
  const std::string device_id = device_profile.empty() ? surface.device : device_profile;
  const std::optional<sim::DeviceProfile> device = sim::find_device_profile(device_id);
  if (!device) {
    throw core::InputError("--method model-gp: no device profile has id '" +
                           core::printable(device_id) +
                           "' (there are: " + sim::device_profile_ids() +
                           "); name the board's with --device-profile, or use --method log-gp");
  }
  device_ = *device;
  try {
    model_ = sim::load_model_profile(surface.model);
  } catch (const core::InputError&) {
    model_ = sim::load_model_profile(kDefaultModel);
  }
  for (const core::Knob& knob : surface.space.knobs()) {
    const auto* at = std::find(std::begin(kKnobs), std::end(kKnobs), knob.name);
    if (at == std::end(kKnobs))
      throw core::InputError("--method model-gp: the performance model has no knob '" +
                             core::printable(knob.name) +
                             "' (it knows cpu_freq, cpu_cores, gpu_freq, emc_freq, concurrency); "
                             "use --method log-gp");
    knob_of_.push_back(static_cast<int>(at - std::begin(kKnobs)));
  }

  sim::DeviceProfile d = device_;
  sim::ModelProfile m = model_;
  const std::vector<double*> figures = free_figures(d, m);
  std::vector<double> start;
  for (const double* figure : figures) start.push_back(std::log(std::max(*figure, 1e-6)));
  std::vector<sim::OperatingPoint> at;
  std::vector<double> log_fps, log_watts;
  for (std::size_t i : points) {
    at.push_back(operating_point(i));
    log_fps.push_back(std::log(surface.throughput_fps()[i]));
    log_watts.push_back(std::log(surface.power_w()[i]));
  }
  const auto loss = [&](const std::vector<double>& x) {
    for (std::size_t k = 0; k < figures.size(); ++k) *figures[k] = std::exp(x[k]);
    // Shares of a peak stay shares.
    if (m.gpu_efficiency > 1.0 || m.single_stream_occupancy > 1.0)
      return std::numeric_limits<double>::infinity();
    const sim::PerformanceModel model(d, m);
    double sum = 0;
    for (std::size_t p = 0; p < at.size(); ++p) {
      const sim::PointMetrics metrics = model.evaluate(at[p]);
      if (!metrics.available) {
        sum += kUnavailablePenalty;
        continue;
      }
      const double ef = std::log(metrics.throughput_fps) - log_fps[p];
      const double ew = std::log(metrics.power_w) - log_watts[p];
      sum += ef * ef + ew * ew;
    }
    return sum / static_cast<double>(std::max<std::size_t>(at.size(), 1));
  };
  const std::vector<double> best = nelder_mead(loss, start, 0.3, kMaxEvaluations);
  const double final_loss = loss(best);  // leaves the best figures in d and m
  device_ = d;
  model_ = m;
  calibrated_.emplace(device_, model_);
  fitted_ = nlohmann::json::object();
  fitted_["device_profile"] = device_.id;
  fitted_["model_profile_start"] = model_.id;
  for (std::size_t k = 0; k < figures.size(); ++k)
    fitted_["figures"][kFigureNames[k]] = *figures[k];
  fitted_["rms_log_error"] = std::sqrt(final_loss / 2.0);
}

sim::OperatingPoint PhysicsPrior::operating_point(std::size_t point) const {
  // Knobs the surface does not sweep sit at the board's top clocks, all
  // cores online and one stream.
  std::array<double, 5> v = {device_.cpu_freq_mhz.back(), device_.cpu_cores.back(),
                             device_.gpu_freq_mhz.back(), device_.emc_freq_mhz.back(), 1.0};
  const core::Config c = surface_.space.config(point);
  for (std::size_t k = 0; k < knob_of_.size(); ++k)
    v[static_cast<std::size_t>(knob_of_[k])] = surface_.space.value(c, k);
  return {v[0], v[1], v[2], v[3], v[4]};
}

bool PhysicsPrior::predict(std::size_t point, double& log_fps, double& log_watts) const {
  const sim::PointMetrics m = calibrated_->evaluate(operating_point(point));
  if (!m.available) return false;
  log_fps = std::log(m.throughput_fps);
  log_watts = std::log(m.power_w);
  return true;
}

}  // namespace experiments
