#include "experiments/completion/fidelity.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "core/errors.h"
#include "core/seed.h"
#include "experiments/run/optimizer_context.h"
#include "experiments/run/run_one.h"
#include "experiments/run/scenarios.h"
#include "experiments/stats/pairwise_order.h"
#include "experiments/stats/quantile.h"
#include "experiments/stats/rank_correlation.h"
#include "experiments/surfaces/sample_design.h"
#include "traces/denoised_metrics.h"
#include "traces/surface_file.h"

namespace experiments {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kFloorReplays = 3;

double median(const std::vector<double>& values) {
  return values.empty() ? kNaN : percentile(values, 0.5);
}

// The median of the values that are numbers: NaN when none is.
double median_of_numbers(std::vector<double> values) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }),
               values.end());
  return median(values);
}

struct Goals {
  std::vector<core::Goal> goals;
  std::vector<core::OracleResult> full_oracles;
};

// The scenario set's goals without drift, resolved on the full surface (a
// lab's goals are numbers, the same whichever surface answers them).
Goals resolve_goals(const traces::Surface& full, const std::string& set) {
  Goals g;
  for (const Scenario& scenario : find_scenario_set(set).scenarios) {
    if (scenario.drift) continue;
    g.goals.push_back(scenario.resolve(full));
    g.full_oracles.push_back(surface_oracle(full, g.goals.back()));
  }
  if (g.goals.empty())
    throw core::InputError("--scenarios " + set + ": no scenario without drift to measure with");
  return g;
}

// Each method's scores (in options.optimizers' order) over goals x run
// seeds, replaying `surface`: cell k is the same goal and run seed for every
// method, so the scores pair by cell. Run seeds 1..run_seeds, or, for
// `replay` k > 0, the k-th run_seeds after them: the same surface replayed
// with other noise, for the floor of ranking fidelity.
std::vector<std::vector<double>> method_scores(const traces::Surface& surface, const Goals& goals,
                                               const FidelityOptions& options,
                                               const OptimizerFactory& optimizers,
                                               const TrainingPool& pool, int replay = 0) {
  auto shared = std::make_shared<const traces::Surface>(surface);
  std::vector<Reference> references;
  for (const core::Goal& goal : goals.goals) references.push_back(scoring_reference(surface, goal));
  std::vector<std::vector<double>> scores;
  for (const std::string& method : options.optimizers) {
    const core::OptimizerContext context = make_context(method, surface, pool);
    std::vector<double>& own = scores.emplace_back();
    for (std::size_t g = 0; g < goals.goals.size(); ++g) {
      for (int s = 0; s < options.run_seeds; ++s) {
        RunSpec spec;
        spec.surface = shared;
        spec.optimizer = method;
        spec.goal = goals.goals[g];
        const int first = replay * options.run_seeds;
        spec.seed = core::derive_seed(static_cast<std::uint64_t>(first + s) + 1, g + 1);
        own.push_back(execute_run(spec, optimizers, context, references[g]).score);
      }
    }
  }
  return scores;
}

std::vector<double> medians(const std::vector<std::vector<double>>& scores) {
  std::vector<double> out;
  for (const std::vector<double>& own : scores) out.push_back(median(own));
  return out;
}

void compare_points(const traces::Surface& full, const traces::Surface& completed,
                    FidelityRow& row) {
  std::vector<double> fps_errors, watt_errors;
  std::size_t unmeasured = 0, agree = 0, fps_in = 0, watt_in = 0;
  const auto& fps_sd = completed.metrics_std.at("throughput").values;
  const auto& watt_sd = completed.metrics_std.at("power").values;
  const traces::Surface::Columns truth = full.columns(), model = completed.columns();
  for (std::size_t i = 0; i < full.space.size(); ++i) {
    if (completed.measured[i]) continue;
    ++unmeasured;
    agree += truth.available(i) == model.available(i);
    if (!truth.available(i) || !model.available(i)) continue;
    const double fps = truth.fps[i], watts = truth.watts[i];
    const double fps_hat = model.fps[i], watts_hat = model.watts[i];
    fps_errors.push_back(std::abs(fps_hat - fps) / fps);
    watt_errors.push_back(std::abs(watts_hat - watts) / watts);
    fps_in += std::abs(fps_hat - fps) <= 2.0 * fps_sd[i];
    watt_in += std::abs(watts_hat - watts) <= 2.0 * watt_sd[i];
  }
  row.throughput_median_ape = median(fps_errors);
  row.throughput_p90_ape = fps_errors.empty() ? kNaN : percentile(fps_errors, 0.9);
  row.power_median_ape = median(watt_errors);
  row.power_p90_ape = watt_errors.empty() ? kNaN : percentile(watt_errors, 0.9);
  const double compared = static_cast<double>(fps_errors.size());
  row.throughput_coverage = compared ? static_cast<double>(fps_in) / compared : kNaN;
  row.power_coverage = compared ? static_cast<double>(watt_in) / compared : kNaN;
  row.runnable_agreement =
      unmeasured ? static_cast<double>(agree) / static_cast<double>(unmeasured) : kNaN;
}

void compare_oracles(const traces::Surface& full, const traces::Surface& completed,
                     const Goals& goals, FidelityRow& row) {
  std::vector<double> errors, choice_scores;
  for (std::size_t g = 0; g < goals.goals.size(); ++g) {
    const core::Goal& goal = goals.goals[g];
    const core::OracleResult& truth = goals.full_oracles[g];
    if (!truth.best) continue;  // nothing to find on the full surface either
    const core::OracleResult claimed = surface_oracle(completed, goal);
    if (!claimed.best) {
      errors.push_back(1.0);
      choice_scores.push_back(0.0);
      continue;
    }
    errors.push_back(std::abs(core::objective_ratio(goal, claimed.throughput_fps, claimed.power_w,
                                                    truth.throughput_fps, truth.power_w) -
                              1.0));
    const std::size_t pick = full.space.index(*claimed.best);
    choice_scores.push_back(full.available(pick) ? core::score(goal, full.throughput_fps()[pick],
                                                               full.power_w()[pick],
                                                               truth.throughput_fps, truth.power_w)
                                                 : 0.0);
  }
  row.oracle_median_error = median(errors);
  row.oracle_choice_median_score = median(choice_scores);
}

// The optimum error a perfect smooth model would still show: the full
// surface with each single reading replaced by the median of it and its
// neighbours (traces/denoised_metrics.h), its optima against the raw ones.
// A single reading's noise lifts the raw optimum (the best of many noisy
// readings is biased up), and no completion, a smooth fit of the readings,
// reproduces that lift. 0 for a surface with repeats or a synthetic one.
double oracle_noise_floor(const traces::Surface& full, const Goals& goals) {
  const traces::DenoisedMetrics denoised = traces::denoised_metrics(full);
  traces::Surface smooth = full;
  smooth.metrics.at("throughput").values = denoised.throughput_fps;
  smooth.metrics.at("power").values = denoised.power_w;
  std::vector<double> errors;
  for (std::size_t g = 0; g < goals.goals.size(); ++g) {
    const core::OracleResult& truth = goals.full_oracles[g];
    if (!truth.best) continue;
    const core::OracleResult claimed = surface_oracle(smooth, goals.goals[g]);
    errors.push_back(
        claimed.best
            ? std::abs(core::objective_ratio(goals.goals[g], claimed.throughput_fps,
                                             claimed.power_w, truth.throughput_fps, truth.power_w) -
                       1.0)
            : 1.0);
  }
  return median(errors);
}

// `completed` replayed with the full surface's reading noise (none when it
// has no /metrics_std) instead of its own predictive spread: the ranking
// then compares what the two surfaces say, not how noisily they are read.
traces::Surface with_noise_of(const traces::Surface& full, traces::Surface completed) {
  completed.metrics_std.clear();
  for (const auto& [name, spread] : full.metrics_std) {
    const traces::Metric& value = completed.metrics.at(name);
    traces::Metric& copy = completed.metrics_std[name];
    copy.unit = spread.unit;
    copy.values.resize(value.values.size());
    for (std::size_t i = 0; i < value.values.size(); ++i) {
      const double sd = std::isnan(spread.values[i]) ? 0.0 : spread.values[i];
      copy.values[i] = std::isnan(value.values[i]) ? kNaN : std::min(sd, std::abs(value.values[i]));
    }
  }
  return completed;
}

}  // namespace

void FidelityOptions::validate() const {
  if (fractions.empty()) throw core::InputError("--fractions: give at least one share of the grid");
  for (double f : fractions)
    if (!(f > 0 && f < 1))
      throw core::InputError(
          fmt::format("--fractions: {} is not a share of the grid in (0, 1)", f));
  if (seeds < 1) throw core::InputError("--seeds must be at least 1");
  if (run_seeds < 1) throw core::InputError("--run-seeds must be at least 1");
  if (optimizers.size() < 2)
    throw core::InputError("--optimizers: a ranking needs at least two methods");
}

traces::Surface subsample(const traces::Surface& full, double fraction, std::uint64_t seed,
                          SampleDesign design) {
  const std::size_t points = full.space.size();
  const std::size_t wanted = std::max<std::size_t>(
      3, static_cast<std::size_t>(std::llround(fraction * static_cast<double>(points))));
  traces::Surface sampled = full;
  sampled.repeats.clear();
  sampled.completion = {};
  sampled.measured.assign(points, 0);
  for (std::size_t i : sample_design(full.space, wanted, design, seed)) sampled.measured[i] = 1;
  for (auto* group : {&sampled.metrics, &sampled.metrics_std})
    for (auto& [name, metric] : *group)
      for (std::size_t i = 0; i < points; ++i)
        if (!sampled.measured[i]) metric.values[i] = kNaN;
  sampled.description =
      full.description + (full.description.empty() ? "" : "\n") +
      fmt::format("Sampled: {} of its {} points ({} design, seed {}), as a lab would record them.",
                  sampled.measured_points(), points, design_name(design), seed);
  traces::validate_surface(sampled);
  return sampled;
}

std::vector<FidelityRow> measure_fidelity(const traces::Surface& full,
                                          const FidelityOptions& options,
                                          const OptimizerFactory& optimizers,
                                          const FidelityProgress& progress) {
  options.validate();
  if (!full.measured.empty())
    throw core::InputError(full.label() +
                           ": fidelity is measured against a fully measured surface (format "
                           "version 1); this one is sampled or completed");
  const Goals goals = resolve_goals(full, options.scenarios);
  // Methods that learn offline train on the shipped surfaces, loaded once.
  const bool training = std::any_of(options.optimizers.begin(), options.optimizers.end(),
                                    [](const std::string& m) { return needs_training(m); });
  const TrainingPool pool = training ? load_training_pool() : TrainingPool{};
  const std::vector<std::vector<double>> full_scores =
      method_scores(full, goals, options, optimizers, pool);
  const std::vector<double> on_full = medians(full_scores);
  // Which method of each pair the truth puts ahead, and whether it resolves
  // that (stats/pairwise_order.h).
  const std::vector<PairwiseOrder> full_orders = pairwise_orders(full_scores);
  // The same surface, other run seeds: how far replays of the truth itself
  // agree with it on the ranking. No completion can be asked to beat that.
  // One replay's tau is itself noisy (0.4 to 1.0 where three methods sit
  // within 0.01), so the floor is the median over kFloorReplays.
  std::vector<double> replay_taus, replay_agreements;
  for (int replay = 1; replay <= kFloorReplays; ++replay) {
    const std::vector<std::vector<double>> again =
        method_scores(full, goals, options, optimizers, pool, replay);
    replay_taus.push_back(kendall_tau_b(medians(again), on_full));
    replay_agreements.push_back(resolved_order_agreement(full_orders, pairwise_orders(again)));
  }
  const double replay_tau = median_of_numbers(replay_taus);
  const double replay_agreement = median_of_numbers(replay_agreements);
  const double tau_ceiling = kendall_tau_b_ceiling(on_full);
  const std::size_t pairs_resolved = resolved_pairs(full_orders);
  const double optimum_floor = oracle_noise_floor(full, goals);
  std::vector<FidelityRow> rows;
  const std::size_t total = options.fractions.size() * static_cast<std::size_t>(options.seeds);
  for (double fraction : options.fractions) {
    for (int seed = 1; seed <= options.seeds; ++seed) {
      FidelityRow row;
      row.fraction = fraction;
      row.seed = seed;
      const traces::Surface sampled =
          subsample(full, fraction, static_cast<std::uint64_t>(seed), options.design);
      row.measured = sampled.measured_points();
      CompletionOptions completion = options.completion;
      completion.seed = static_cast<std::uint64_t>(seed);
      completion.allow_weak = true;  // fidelity reports a weak model; it does not refuse it
      CompletionReport report;
      const auto start = std::chrono::steady_clock::now();
      const traces::Surface completed = complete_surface(sampled, completion, &report);
      row.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      row.throughput_held_out_r2 = report.models.at(0).held_out.r2;
      row.power_held_out_r2 = report.models.at(1).held_out.r2;
      compare_points(full, completed, row);
      compare_oracles(full, completed, goals, row);
      const std::vector<std::vector<double>> completed_scores =
          method_scores(with_noise_of(full, completed), goals, options, optimizers, pool);
      const std::vector<double> on_completed = medians(completed_scores);
      for (std::size_t m = 0; m < options.optimizers.size(); ++m)
        row.methods[options.optimizers[m]] = {on_completed[m], on_full[m]};
      row.kendall_tau = kendall_tau_b(on_completed, on_full);
      row.resolved_agreement =
          resolved_order_agreement(full_orders, pairwise_orders(completed_scores));
      row.pairs_resolved = pairs_resolved;
      row.replay_kendall_tau = replay_tau;
      row.replay_resolved_agreement = replay_agreement;
      row.kendall_tau_ceiling = tau_ceiling;
      row.oracle_noise_floor = optimum_floor;
      rows.push_back(row);
      if (progress) progress(rows.back(), rows.size(), total);
    }
  }
  return rows;
}

}  // namespace experiments
