// `edgetune fidelity`: how faithful a completed surface is, measured on a
// full one. Subsample the full surface as a lab would (a design of a share
// of the grid, Latin hypercube by default as live --record draws it, the
// all-max and all-min corners included), complete the
// sample, and compare with what was held back:
//   - the absolute percentage error of throughput and power at unmeasured
//     points that can run on both (median and p90);
//   - calibration: the share of true values within +-2 predicted sd;
//   - whether unmeasured points are rightly predicted to run or not;
//   - per scenario, the optimum the completed surface claims against the
//     true one, and the true score of the configuration it picks;
//   - ranking fidelity: the methods' median scores replayed on the completed
//     and on the full surface, side by side, and Kendall's tau-b between
//     them (the criterion surrogate benchmarks such as YAHPO Gym use), also
//     over only the pairs of methods the full surface tells apart. Both
//     are replayed with the full surface's reading noise, so the ranking
//     compares what the surfaces say; the completed surface's own
//     /metrics_std (its predictive spread) is for a replay of it alone.
#ifndef EDGETUNE_EXPERIMENTS_COMPLETION_FIDELITY_H_
#define EDGETUNE_EXPERIMENTS_COMPLETION_FIDELITY_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "experiments/completion/surface_completion.h"
#include "experiments/run/optimizer_factory.h"
#include "experiments/surfaces/sample_design.h"
#include "traces/surface.h"

namespace experiments {

struct FidelityOptions {
  std::vector<double> fractions = {0.02, 0.05, 0.1, 0.25};
  int seeds = 3;                                        // subsamples per fraction
  SampleDesign design = SampleDesign::kLatinHypercube;  // as live --record draws
  CompletionOptions completion;
  // Methods whose ranking is compared, the scenario set, runs per scenario.
  std::vector<std::string> optimizers = {"coral", "coral-uniform", "bo", "random", "static-maxn"};
  std::string scenarios = "paper";
  int run_seeds = 5;

  // Throws core::InputError naming the option.
  void validate() const;
};

struct MethodScores {
  double on_completed = 0.0;  // median score replayed on the completed surface
  double on_full = 0.0;       // ... and on the full one
};

struct FidelityRow {
  double fraction = 0.0;
  int seed = 0;
  std::size_t measured = 0;
  double seconds = 0.0;  // to complete
  double throughput_median_ape = 0.0, throughput_p90_ape = 0.0;
  double power_median_ape = 0.0, power_p90_ape = 0.0;
  double throughput_coverage = 0.0, power_coverage = 0.0;  // within +-2 sd
  double runnable_agreement = 0.0;  // unmeasured points whose can-run is right
  // Over the scenarios: median |claimed optimum / true optimum - 1| on the
  // goal's objective, and the median true score of the completed surface's
  // optimum (0 where it breaks the goal on the full surface).
  double oracle_median_error = 0.0;
  double oracle_choice_median_score = 0.0;
  // Its floor from the recording's own noise: the same median error for the
  // full surface smoothed by each reading's neighbours (the same in every
  // row of a surface; 0 where there is no single-reading noise to smooth).
  double oracle_noise_floor = 0.0;
  std::map<std::string, MethodScores> methods;
  double kendall_tau = 0.0;  // NaN when a ranking is constant
  // The floor: tau between the full surface's replay and a replay of it
  // with other run seeds, the median over 3 such (the same in every row of
  // a surface).
  double replay_kendall_tau = 0.0;
  // The most tau-b can be when methods tie on the full surface (three that
  // all find the optimum of a small grid): no ordering of them is concordant.
  double kendall_tau_ceiling = 1.0;
  // Over the pairs of methods the full surface resolves (their paired
  // scores differ by the Wilcoxon signed-rank test, Holm-corrected, at 5%;
  // pairs_resolved of them, the same in every row): (pairs the completed
  // surface puts the same method ahead - pairs it reverses) / resolved
  // pairs (stats/pairwise_order.h). Whether the completion keeps every
  // difference the truth shows, without counting orders two replays of the
  // truth do not agree on either. NaN when no pair is resolved. And the
  // same for replays of the full surface with other run seeds (the median
  // over 3, as replay_kendall_tau).
  double resolved_agreement = 0.0;
  std::size_t pairs_resolved = 0;
  double replay_resolved_agreement = 0.0;
  double throughput_held_out_r2 = 0.0, power_held_out_r2 = 0.0;
};

using FidelityProgress =
    std::function<void(const FidelityRow& row, std::size_t done, std::size_t total)>;

// One row per (fraction, seed), in that order. The full surface must be
// fully measured (format version 1); runs use `optimizers`.
std::vector<FidelityRow> measure_fidelity(const traces::Surface& full,
                                          const FidelityOptions& options,
                                          const OptimizerFactory& optimizers,
                                          const FidelityProgress& progress = {});

// `full` reduced to the points of a design (experiments/surfaces/
// sample_design.h) of round(fraction x points) configurations, at least 3,
// the all-max and all-min corners among them: what a lab would have
// recorded. Format version 2, unmeasured points NaN, no /repeats.
traces::Surface subsample(const traces::Surface& full, double fraction, std::uint64_t seed,
                          SampleDesign design = SampleDesign::kRandom);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_COMPLETION_FIDELITY_H_
