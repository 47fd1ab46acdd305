#include "experiments/completion/surface_completion.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <future>
#include <nlohmann/json.hpp>
#include <numeric>
#include <optional>

#include "core/counter_normal.h"
#include "core/errors.h"
#include "core/seed.h"
#include "experiments/completion/physics_prior.h"
#include "traces/surface_file.h"

namespace experiments {
namespace {

// Below this held-out R^2 a completion is written with a warning.
constexpr double kWarnHeldOutR2 = 0.8;

// The stream of the drawn deviations under the completion's seed
// (core::derive_seed), apart from any other use of the seed.
constexpr std::uint64_t kDeviationStream = 0x64657669;  // "devi"

// Each point's knob positions in [0, 1]: the log of the knob's value over
// its range (a value of 0 or below anywhere on the knob: the value itself).
// Throughput and power follow clocks, cores and streams roughly as powers
// (a frame's time splits into parts that scale as 1/f; power grows as f
// times V(f)^2), which are straight lines in log-log: smoother for the GP
// than in level numbers, where a table's uneven steps (LoudVA's Xavier NX
// GPU table steps 90-100 MHz below 510 MHz and 51 above) bend them.
Eigen::MatrixXd positions(const core::ConfigSpace& space, const std::vector<std::size_t>& points) {
  const std::size_t d = space.num_knobs();
  std::vector<std::vector<double>> scaled(d);
  for (std::size_t k = 0; k < d; ++k) {
    const std::vector<double>& values = space.knob(k).values;
    const bool logarithmic =
        std::all_of(values.begin(), values.end(), [](double v) { return v > 0; });
    std::vector<double>& s = scaled[k];
    for (double v : values) s.push_back(logarithmic ? std::log(v) : v);
    const auto [lo, hi] = std::minmax_element(s.begin(), s.end());
    const double low = *lo, range = *hi - *lo;
    for (double& v : s) v = range > 0 ? (v - low) / range : 0.0;
  }
  Eigen::MatrixXd x(static_cast<Eigen::Index>(points.size()), static_cast<Eigen::Index>(d));
  std::vector<int> levels(d);
  for (std::size_t p = 0; p < points.size(); ++p) {
    space.levels(points[p], levels.data());
    for (std::size_t k = 0; k < d; ++k)
      x(static_cast<Eigen::Index>(p), static_cast<Eigen::Index>(k)) =
          scaled[k][static_cast<std::size_t>(levels[k])];
  }
  return x;
}

// Ridge-regularised logistic regression of "could not run" on knob
// positions, fitted by Newton's method: failures (out of memory at high
// concurrency or batch, a failed launch at a low clock) lie beyond a
// boundary in a few knobs, which a linear boundary follows where a
// nearest-neighbour vote, weighing every knob alike, blurs it. The ridge
// keeps the weights finite when the measured points separate exactly.
constexpr double kFailureRidge = 1e-2;
constexpr int kNewtonIterations = 25;

std::vector<bool> predicted_failures(const Eigen::MatrixXd& measured_x,
                                     const std::vector<bool>& measured_failed,
                                     const Eigen::MatrixXd& unmeasured_x) {
  std::vector<bool> fails(static_cast<std::size_t>(unmeasured_x.rows()), false);
  if (std::none_of(measured_failed.begin(), measured_failed.end(), [](bool f) { return f; }))
    return fails;
  const Eigen::Index n = measured_x.rows(), d = measured_x.cols() + 1;
  Eigen::MatrixXd features(n, d);
  features << Eigen::VectorXd::Ones(n), measured_x;
  Eigen::VectorXd label(n), w = Eigen::VectorXd::Zero(d);
  for (Eigen::Index i = 0; i < n; ++i) label(i) = measured_failed[static_cast<std::size_t>(i)];
  for (int iteration = 0; iteration < kNewtonIterations; ++iteration) {
    const Eigen::VectorXd p = (1.0 + (-(features * w)).array().exp()).inverse().matrix();
    const Eigen::VectorXd gradient = features.transpose() * (label - p) - kFailureRidge * w;
    const Eigen::VectorXd weight = (p.array() * (1.0 - p.array())).matrix();
    Eigen::MatrixXd hessian = features.transpose() * weight.asDiagonal() * features;
    hessian.diagonal().array() += kFailureRidge;
    const Eigen::VectorXd step = hessian.ldlt().solve(gradient);
    if (!step.allFinite()) break;  // keep the last finite weights
    w += step;
    if (step.norm() < 1e-8) break;
  }
  for (Eigen::Index p = 0; p < unmeasured_x.rows(); ++p)
    fails[static_cast<std::size_t>(p)] = w(0) + unmeasured_x.row(p).dot(w.tail(d - 1)) > 0;
  return fails;
}

nlohmann::json model_json(const MetricModel& m, const core::ConfigSpace& space) {
  nlohmann::json lengths = nlohmann::json::object();
  for (std::size_t k = 0; k < space.num_knobs(); ++k)
    lengths[space.knob(k).name] = m.hyperparameters.length_scales(static_cast<Eigen::Index>(k));
  return {{"target", "log " + m.metric},
          {"kernel", "ARD Matern 5/2 over log knob values scaled to [0, 1]"},
          {"length_scales", lengths},
          {"signal_variance", m.hyperparameters.signal_variance},
          {"noise_variance", m.hyperparameters.noise_variance},
          {"reading_noise_sd_log", m.noise_sd},
          {"log_marginal_likelihood", m.hyperparameters.log_marginal_likelihood},
          {"held_out_r2", m.held_out.r2},
          {"held_out_coverage_2sd", m.held_out.coverage},
          {"held_out_points", m.held_out.points},
          {"sd_calibration",
           {{"scale", m.calibration.sd_scale},
            {"left_out_readings", m.calibration.points},
            {"within_2sd_before", m.calibration.coverage_before},
            {"student_t_degrees_of_freedom", m.calibration.degrees_of_freedom}}}};
}

}  // namespace

const std::vector<std::string>& completion_methods() {
  static const std::vector<std::string> methods(std::begin(traces::kCompletionMethods),
                                                std::end(traces::kCompletionMethods));
  return methods;
}

const char* unmeasured_values_name(UnmeasuredValues values) {
  return values == UnmeasuredValues::kDraw ? "draw" : "median";
}

UnmeasuredValues parse_unmeasured_values(const std::string& name, const std::string& option) {
  if (name == "draw") return UnmeasuredValues::kDraw;
  if (name == "median") return UnmeasuredValues::kMedian;
  throw core::InputError(option + " '" + core::printable(name) +
                         "': say median (the smooth model) or draw (the median with a drawn "
                         "per-point deviation, as rough as a recording)");
}

traces::Surface complete_surface(const traces::Surface& sampled, const CompletionOptions& options,
                                 CompletionReport* report) {
  const auto& methods = completion_methods();
  if (std::find(methods.begin(), methods.end(), options.method) == methods.end())
    throw core::InputError("--method '" + core::printable(options.method) +
                           "' is not a completion method (there are: " +
                           fmt::format("{}", fmt::join(methods, ", ")) + ")");
  if (sampled.measured.empty() || !sampled.completion.method.empty())
    throw core::InputError(sampled.label() +
                           (sampled.measured.empty()
                                ? ": every point was measured (format version 1); nothing to "
                                  "complete"
                                : ": already completed by " + sampled.completion.method +
                                      "; complete the sampled recording instead"));
  CompletionReport local;
  CompletionReport& out = report ? *report : local;
  out = {};
  std::vector<std::size_t> measured, available, unmeasured;
  std::vector<bool> measured_failed;
  for (std::size_t i = 0; i < sampled.space.size(); ++i) {
    if (!sampled.measured[i]) {
      unmeasured.push_back(i);
      continue;
    }
    measured.push_back(i);
    measured_failed.push_back(!sampled.available(i));
    if (sampled.available(i)) available.push_back(i);
  }
  out.measured = measured.size();
  out.measured_failures = measured.size() - available.size();
  if (available.size() < 3)
    throw core::InputError(sampled.label() + ": " + std::to_string(available.size()) +
                           " measured points could run; a model needs at least 3");

  const Eigen::MatrixXd train_x = positions(sampled.space, available);
  const Eigen::MatrixXd all_measured_x = positions(sampled.space, measured);
  const Eigen::MatrixXd predict_x = positions(sampled.space, unmeasured);
  const std::vector<bool> fails = predicted_failures(all_measured_x, measured_failed, predict_x);
  out.predicted_failures = static_cast<std::size_t>(std::count(fails.begin(), fails.end(), true));

  // What the GPs model: the log-metrics themselves (log-gp), or what the
  // calibrated physics misses (model-gp), offset by its log prediction.
  const std::vector<std::string> names = {"throughput", "power"};
  std::vector<std::vector<double>> train_offset(names.size(),
                                                std::vector<double>(available.size(), 0.0));
  std::vector<std::vector<double>> predict_offset(names.size(),
                                                  std::vector<double>(unmeasured.size(), 0.0));
  std::optional<PhysicsPrior> prior;
  if (options.method == "model-gp") {
    prior.emplace(sampled, available, options.device_profile);
    std::vector<double> fps(available.size()), watts(available.size());
    for (std::size_t i = 0; i < available.size(); ++i) {
      if (!prior->predict(available[i], fps[i], watts[i])) fps[i] = watts[i] = NAN;
    }
    // Where the model calls a configuration out of memory, its mean prior
    // stands in: the residual GP and the failure rule decide there.
    const auto fill = [](std::vector<double>& v) {
      double sum = 0;
      std::size_t n = 0;
      for (double x : v)
        if (!std::isnan(x)) sum += x, ++n;
      for (double& x : v)
        if (std::isnan(x)) x = n ? sum / static_cast<double>(n) : 0.0;
      return n ? sum / static_cast<double>(n) : 0.0;
    };
    const double mean_fps = fill(fps), mean_watts = fill(watts);
    train_offset = {fps, watts};
    for (std::size_t p = 0; p < unmeasured.size(); ++p) {
      double f = mean_fps, w = mean_watts;
      if (!prior->predict(unmeasured[p], f, w)) f = mean_fps, w = mean_watts;
      predict_offset[0][p] = f;
      predict_offset[1][p] = w;
    }
  }
  std::vector<Eigen::VectorXd> targets(names.size());
  std::vector<double> log_variance(names.size());  // of the log-metric itself
  std::vector<std::future<MaternGp>> fits;
  for (std::size_t m = 0; m < names.size(); ++m) {
    const traces::Metric& metric = sampled.metrics.at(names[m]);
    targets[m].resize(static_cast<Eigen::Index>(available.size()));
    Eigen::VectorXd logs(static_cast<Eigen::Index>(available.size()));
    for (std::size_t i = 0; i < available.size(); ++i) {
      // Log of a magnitude; a reading of exactly 0 is floored at a tiny share.
      logs(static_cast<Eigen::Index>(i)) = std::log(std::max(metric.values[available[i]], 1e-9));
      targets[m](static_cast<Eigen::Index>(i)) =
          logs(static_cast<Eigen::Index>(i)) - train_offset[m][i];
    }
    log_variance[m] = (logs.array() - logs.mean()).square().mean();
    // A future's exception reaches get(); a future still running when one
    // throws is waited for by its destructor.
    fits.push_back(std::async(std::launch::async,
                              [&, m] { return MaternGp(train_x, targets[m], options.seed); }));
  }
  std::vector<MaternGp> gps;
  for (std::future<MaternGp>& fit : fits) gps.push_back(fit.get());
  for (std::size_t m = 0; m < names.size(); ++m) {
    // Held out, as a share of the log-metric's own variance: for model-gp
    // the GP's R^2 is of the residuals, (1 - R^2) of their variance left.
    GpHeldOut held_out = gps[m].held_out();
    const double residual_variance = (targets[m].array() - targets[m].mean()).square().mean();
    if (log_variance[m] > 0)
      held_out.r2 = 1.0 - (1.0 - held_out.r2) * residual_variance / log_variance[m];
    out.models.push_back(
        {names[m], gps[m].hyperparameters(), held_out, gps[m].calibration(), gps[m].noise_sd()});
    if (held_out.r2 < options.min_held_out_r2 && !options.allow_weak) {
      throw core::InputError(fmt::format(
          "{}: the {} readings carry no signal a model can use: held out, it predicts log {} "
          "with R^2 {:.2f} (0 is no better than the mean; {} of {} within +-2 sd); measure "
          "more points or check the knob columns, or pass --allow-weak to write it anyway",
          sampled.label(), available.size(), names[m], held_out.r2,
          static_cast<int>(std::lround(held_out.coverage * static_cast<double>(held_out.points))),
          held_out.points));
    }
    if (held_out.r2 < kWarnHeldOutR2)
      out.warnings.push_back(
          fmt::format("weak signal: held out, the model predicts log {} with R^2 {:.2f} only",
                      names[m], held_out.r2));
  }

  traces::Surface completed = sampled;
  completed.repeats.clear();  // a modelled point has no readings to repeat
  std::vector<Eigen::VectorXd> means(names.size()), variances(names.size());
  std::vector<std::future<void>> predictions;
  for (std::size_t m = 0; m < names.size(); ++m)
    predictions.push_back(std::async(
        std::launch::async, [&, m] { gps[m].predict(predict_x, means[m], variances[m]); }));
  for (std::future<void>& prediction : predictions) prediction.get();
  const bool draw = options.values == UnmeasuredValues::kDraw;
  const std::uint64_t deviation_key = core::derive_seed(options.seed, kDeviationStream);
  for (std::size_t m = 0; m < names.size(); ++m) {
    const Eigen::VectorXd& mean = means[m];
    const Eigen::VectorXd& variance = variances[m];
    traces::Metric& value = completed.metrics[names[m]];
    traces::Metric& spread = completed.metrics_std[names[m]];
    spread.unit = value.unit;
    if (spread.values.size() != value.values.size()) {
      // Measured points without a recorded spread get the fitted noise.
      spread.values.assign(value.values.size(), NAN);
      const double relative_noise = gps[m].noise_sd();
      for (std::size_t i : available)
        spread.values[i] = std::min(relative_noise, 1.0) * value.values[i];
    }
    for (std::size_t p = 0; p < unmeasured.size(); ++p) {
      const std::size_t i = unmeasured[p];
      if (fails[p]) {
        value.values[i] = spread.values[i] = NAN;
        continue;
      }
      // The median of the log-normal prediction; with kDraw, times the
      // point's own log-normal deviation (throughput and power independent,
      // keyed by the point). Its spread by the delta method, at most the
      // value itself as the format's rule asks.
      double log_value = predict_offset[m][p] + mean(static_cast<Eigen::Index>(p));
      double log_variance = variance(static_cast<Eigen::Index>(p));
      if (draw) {
        const core::NormalPair z = core::counter_normals(deviation_key, i, 0);
        const double noise_sd = gps[m].noise_sd();
        log_value += noise_sd * (m == 0 ? z.first : z.second);
        log_variance += noise_sd * noise_sd;
      }
      value.values[i] = std::exp(log_value);
      spread.values[i] = std::min(std::sqrt(log_variance), 1.0) * value.values[i];
    }
  }
  // Other metrics are not modelled: NaN where nobody measured.
  for (auto& [name, spread] : completed.metrics_std) {
    const traces::Metric& value = completed.metrics.at(name);
    for (std::size_t i = 0; i < spread.values.size(); ++i)
      if (std::isnan(value.values[i])) spread.values[i] = NAN;
  }

  nlohmann::json parameters = {
      {"method", options.method},
      {"seed", options.seed},
      {"unmeasured_values", unmeasured_values_name(options.values)},
      {"measured_points", out.measured},
      {"measured_failures", out.measured_failures},
      {"predicted_failures", out.predicted_failures},
      {"failure_rule", "logistic regression of the measured failures on knob positions"},
      {"models", nlohmann::json::array()}};
  for (const MetricModel& m : out.models)
    parameters["models"].push_back(model_json(m, sampled.space));
  if (prior) parameters["physics_prior"] = prior->fitted();
  completed.completion = {options.method, parameters.dump(),
                          std::min(available.size(), MaternGp::kMaxConditionPoints)};
  completed.description =
      sampled.description + (sampled.description.empty() ? "" : "\n") +
      fmt::format(
          "Completed by edgetune complete --method {} --values {} from {} of {} points measured.",
          options.method, unmeasured_values_name(options.values), out.measured,
          sampled.space.size());
  traces::validate_surface(completed);
  return completed;
}

}  // namespace experiments
