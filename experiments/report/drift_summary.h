// How each optimizer copes with a workload that drifts mid-run (scenarios
// with drift_at_trial): the post-drift score of its final recommendation,
// how many recommendations break the goal after the drift, and how many
// trials after the drift its own recommendation first comes back within
// 90% of the post-drift oracle. Read back from runs.csv and trials.csv
// (recommended_score, tracked in drift runs only).
#ifndef EDGETUNE_EXPERIMENTS_REPORT_DRIFT_SUMMARY_H_
#define EDGETUNE_EXPERIMENTS_REPORT_DRIFT_SUMMARY_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "experiments/report/sweep_summary.h"
#include "experiments/tables/report_table.h"

namespace experiments {

struct DriftRow {
  std::string optimizer;
  std::string data;  // "synthetic" or "recorded"
  std::size_t runs = 0;
  // Single-target goals (max-throughput, min-power): the final
  // recommendation's score against the post-drift oracle.
  // Each figure with its 95% percentile bootstrap interval over the runs.
  double median_score = 0.0;
  Interval median_interval;
  double p10_score = 0.0;
  Interval p10_interval;
  double dual_met = 0.0;  // fraction of dual runs with a feasible recommendation
  Interval dual_met_interval;
  std::size_t feasible = 0;
  std::size_t infeasible = 0;  // recommended, and breaks the goal after the drift
  std::size_t none = 0;        // nothing recommended
  // Runs that ended before the drift (stopped early, or full-grid runs
  // with no trial rows): they never saw it, and recovery says nothing of
  // them.
  std::size_t ended_before = 0;
  // Of the others: trials from the drift (its first trial counts as 1)
  // until the recommendation first scores >= 0.9 of the post-drift oracle,
  // the median over the runs that get there, and how many never do.
  double median_recovery = 0.0;
  Interval recovery_interval;
  std::size_t never_recovered = 0;
  std::size_t alarmed = 0;  // runs in which the optimizer reported an event
};

// One row per (optimizer, provenance) with drift runs, optimizers in
// first-seen order, synthetic first; empty when no run drifts (then
// trials.csv needs no recommended_score column: sweeps written before it
// still report). Intervals seeded by `seed` and the row's names.
std::vector<DriftRow> summarize_drift(const CsvTable& runs, const CsvTable& trials,
                                      std::uint64_t seed = 0);

// The drift rows as a table (tables/table_writer.h writes it); markdown adds
// the runs recovered, CSV and JSON the runs never recovered.
ReportTable drift_table(const std::vector<DriftRow>& rows);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_REPORT_DRIFT_SUMMARY_H_
