// Paired comparisons of methods by cell: within one sweep (methods against
// one of them) and across two (each method before and after a change). A
// cell (surface, scenario, seed index) is where common random numbers make
// two runs differ by the method alone, so each cell gives one paired
// difference of scores. The regression gate of `edgetune compare BASE NEW`
// reads the rows.
#ifndef EDGETUNE_EXPERIMENTS_COMPARE_PAIRED_COMPARISON_H_
#define EDGETUNE_EXPERIMENTS_COMPARE_PAIRED_COMPARISON_H_

#include <cstdint>
#include <string>
#include <vector>

#include "experiments/compare/sweep_runs.h"
#include "experiments/stats/bootstrap.h"
#include "experiments/stats/rank_tests.h"

namespace experiments {

// "a vs b": method `a` of sweep `a_runs` against method `b` of `b_runs`.
struct MethodPair {
  const SweepRuns* a_runs = nullptr;
  std::string a;
  const SweepRuns* b_runs = nullptr;
  std::string b;
};

// Every other method of `sweep` against `against`.
std::vector<MethodPair> pairs_against(const SweepRuns& sweep, const std::string& against);
// Each method of `next` against itself in `base`. Throws core::InputError
// when a method of one is missing from the other (a gate must not pass a
// method it did not see).
std::vector<MethodPair> pairs_across(const SweepRuns& base, const SweepRuns& next);

struct PairedRow {
  std::string a, b;  // labels: the method, with its sweep's label across sweeps
  std::string goal;  // a goal kind, or "all"
  std::size_t cells = 0;
  // Of the differences a - b of scores (shares of the oracle; > 0: a better).
  double median_difference = 0.0;
  Interval median_interval;  // 95% percentile bootstrap
  // The mean difference and its interval: under common random numbers most
  // cells tie and the median sits at 0, so the gate measures a loss by the
  // mean.
  double mean_difference = 0.0;
  Interval mean_interval;
  std::size_t wins = 0, ties = 0, losses = 0;  // a better, equal, worse
  WilcoxonResult wilcoxon;
  double wilcoxon_holm = 1.0;  // Holm-adjusted over every row of the comparison
  // Cells where only a's (only b's) recommendation is infeasible or missing,
  // and McNemar's exact test on them.
  std::size_t a_only_infeasible = 0, b_only_infeasible = 0;
  double mcnemar_p = 1.0;
  double mcnemar_holm = 1.0;
};

// Rows per pair: one per goal kind (in the order max-throughput, min-power,
// dual, max-efficiency), then "all". Bootstrap intervals are seeded from
// `seed` and the row. Throws core::InputError naming the pair and a cell
// when the two methods' cells differ (the sweeps cannot be paired) or a
// cell's goal (kind, budget, target) differs between them.
std::vector<PairedRow> compare_pairs(const std::vector<MethodPair>& pairs, std::uint64_t seed);

struct GateVerdict {
  bool regression = false;
  std::string reason;  // one line: the verdict and why
};

// Across sweeps (rows of pairs_across: a = NEW, b = BASE): a regression when
// on some goal kind NEW loses (its mean difference below -tolerance, the
// signed ranks on BASE's side: R- > R+) with a Holm-adjusted Wilcoxon
// p < alpha, or NEW has more infeasible or missing recommendations, on a
// goal kind or over all, with a Holm-adjusted McNemar p < alpha. Throws
// core::InputError when some goal kind has too few cells for any p to reach
// alpha after the correction: a gate that cannot fire must not say OK.
GateVerdict gate(const std::vector<PairedRow>& rows, double tolerance, double alpha);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_COMPARE_PAIRED_COMPARISON_H_
