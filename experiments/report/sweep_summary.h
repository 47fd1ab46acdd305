// The summary of a sweep a paper prints: per optimizer x goal kind, median
// and 10th-percentile score vs the oracle, feasibility rate (each with a 95%
// percentile bootstrap interval over runs: stats/bootstrap.h), mean trials
// and board time, over-budget exploration trials. Read back from runs.csv.
#ifndef EDGETUNE_EXPERIMENTS_REPORT_SWEEP_SUMMARY_H_
#define EDGETUNE_EXPERIMENTS_REPORT_SWEEP_SUMMARY_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "experiments/stats/bootstrap.h"
#include "experiments/tables/csv.h"
#include "experiments/tables/report_table.h"

namespace experiments {

struct SummaryRow {
  std::string optimizer;
  std::string data;  // the surfaces' provenance: "synthetic" or "recorded"
  std::string goal;  // goal kind
  std::size_t runs = 0;
  std::size_t failed = 0;  // runs with an error
  double median_score = 0.0;
  Interval median_interval;
  double p10_score = 0.0;
  Interval p10_interval;
  double median_denoised_score = 0.0;  // against the denoised reference (run_one.h)
  // Median best-so-far score (trials.csv best_score) after 10 and 15 trials:
  // how fast a method gets there. NaN without trials rows (full-grid runs).
  double median_at_10 = 0.0;
  double median_at_15 = 0.0;
  double feasible_rate = 0.0;  // fraction of runs with a feasible recommendation
  Interval feasible_interval;
  double mean_trials = 0.0;
  double mean_board_seconds = 0.0;
  double mean_over_budget_trials = 0.0;
};

// One row per (optimizer, provenance, goal kind) present, optimizers in
// first-seen order, synthetic before recorded, goal kinds in the order
// max-throughput, min-power, dual, max-efficiency.
// `trials_table` (trials.csv) feeds median_at_10/15; without it they are NaN.
// The intervals' resamples are seeded by `seed` and the row's names.
std::vector<SummaryRow> summarize_runs(const CsvTable& runs, const CsvTable* trials_table = nullptr,
                                       std::uint64_t seed = 0);

// A figure with its 95% interval in a report table: the value and its
// bounds as data columns (KEY, KEY_ci_low, KEY_ci_high) and one markdown
// column headed HEADING printing "value [low, high]" (each with `format`
// times `scale`; "-" for a NaN value).
struct IntervalFigure {
  std::string key;
  std::string heading;
  std::string format;
  double scale = 1.0;

  void add_columns(std::vector<ReportColumn>& columns) const;
  void add_values(std::vector<ReportValue>& row, double value, const Interval& interval) const;
};

// The summary as a table (tables/table_writer.h writes it): per optimizer x
// data x goal kind, in the rows' order.
ReportTable summary_table(const std::vector<SummaryRow>& rows);

// Mean best-so-far score after each trial (1..max), per optimizer, from
// trials.csv, with its 95% band (percentile bootstrap of the mean over
// runs); runs that stopped early keep their last value.
struct ConvergenceCurve {
  std::string optimizer;
  std::vector<double> mean_best_score;  // [t] = after trial t + 1
  std::vector<Interval> band;           // [t], as mean_best_score
};
// Optimizers in first-seen order; bands seeded by `seed` and the optimizer.
std::vector<ConvergenceCurve> convergence(const CsvTable& trials, std::size_t max_trials,
                                          std::uint64_t seed = 0);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_REPORT_SWEEP_SUMMARY_H_
