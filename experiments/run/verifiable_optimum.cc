#include "experiments/run/verifiable_optimum.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/errors.h"
#include "experiments/run/result_json.h"
#include "experiments/run/run_one.h"

namespace experiments {
namespace {

// Sample standard deviation of each point's repeats, two passes (NaN
// repeats skipped; NaN where fewer than two remain).
std::vector<double> spread_of_repeats(const traces::RepeatedMetric& repeats) {
  const std::size_t r = repeats.repeats;
  std::vector<double> sd(repeats.values.size() / r);
  for (std::size_t i = 0; i < sd.size(); ++i) {
    const double* at = repeats.values.data() + i * r;
    double sum = 0.0;
    int n = 0;
    for (std::size_t k = 0; k < r; ++k) {
      if (!std::isnan(at[k])) sum += at[k], ++n;
    }
    if (n < 2) {
      sd[i] = NAN;
      continue;
    }
    const double mean = sum / n;
    double squares = 0.0;
    for (std::size_t k = 0; k < r; ++k) {
      if (!std::isnan(at[k])) squares += (at[k] - mean) * (at[k] - mean);
    }
    sd[i] = std::sqrt(squares / (n - 1));
  }
  return sd;
}

}  // namespace

std::vector<double> measurement_noise(const traces::Surface& surface, const std::string& metric) {
  if (auto sd = surface.metrics_std.find(metric); sd != surface.metrics_std.end())
    return sd->second.values;
  if (auto rep = surface.repeats.find(metric);
      rep != surface.repeats.end() && rep->second.repeats >= 2)
    return spread_of_repeats(rep->second);
  throw core::InputError(surface.label() + ": no /metrics_std/" + metric +
                         " nor two or more /repeats/" + metric +
                         ", so its measurement noise is unknown; drop --slack-sd or use a surface "
                         "that records the noise");
}

core::OracleResult verifiable_optimum(const traces::Surface& surface, const core::Goal& goal,
                                      double slack_sd) {
  // Noise only where a constraint needs it: an unconstrained metric keeps
  // its value whatever its noise (or lack of a record of it).
  const bool tighten = slack_sd > 0;
  const std::vector<double> fps_noise = tighten && goal.throughput_target_fps
                                            ? measurement_noise(surface, "throughput")
                                            : std::vector<double>{};
  const std::vector<double> w_noise =
      tighten && goal.power_budget_w ? measurement_noise(surface, "power") : std::vector<double>{};
  const std::vector<double>& fps = surface.throughput_fps();
  const std::vector<double>& w = surface.power_w();
  core::OracleResult result;
  result.configurations = surface.space.size();
  for (std::size_t i = 0; i < result.configurations; ++i) {
    if (!surface.available(i)) continue;
    ++result.available;
    // Goal::feasible rejects a NaN noise.
    const double cautious_fps = fps_noise.empty() ? fps[i] : fps[i] - slack_sd * fps_noise[i];
    const double cautious_w = w_noise.empty() ? w[i] : w[i] + slack_sd * w_noise[i];
    if (!goal.feasible(cautious_fps, cautious_w)) continue;
    ++result.feasible;
    if (!result.best || goal.better(fps[i], w[i], result.throughput_fps, result.power_w)) {
      result.best = surface.space.config(i);
      result.throughput_fps = fps[i];
      result.power_w = w[i];
    }
  }
  return result;
}

void check_slack_sd(double slack_sd, const std::string& what) {
  if (!(slack_sd >= 0) || !std::isfinite(slack_sd)) {
    throw core::InputError(fmt::format(
        "{} is {}: it must be a finite number >= 0 (e.g. {} 1.44, what 3 readings at 2.5 "
        "standard errors verify)",
        what, slack_sd, what));
  }
}

core::OracleResult oracle_with_slack(const traces::Surface& surface, const core::Goal& goal,
                                     double slack_sd) {
  return slack_sd > 0 ? verifiable_optimum(surface, goal, slack_sd) : surface_oracle(surface, goal);
}

nlohmann::json oracle_json(const traces::Surface& surface, const core::Goal& goal, double slack_sd,
                           const core::OracleResult& oracle, const Reference& reference) {
  return {{"surface", surface.label()},
          {"goal", goal_json(goal)},
          {"slack_sd", slack_sd},
          {"recommended", config_json(surface.space, oracle.best)},
          {"throughput_fps", number_or_null(oracle.throughput_fps)},
          {"power_w", number_or_null(oracle.power_w)},
          {"feasible", oracle.best.has_value()},
          {"configurations", oracle.configurations},
          {"available", oracle.available},
          {"feasible_configurations", oracle.feasible},
          {"denoised", denoised_json(surface, reference)}};
}

}  // namespace experiments
