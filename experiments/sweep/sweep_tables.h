// The two sweep tables, runs and trials: their columns (names and HDF5
// types), the CSV row of a finished run, and CSV -> typed table for
// results.h5. One place defines the schema so CSV and HDF5 always agree.
#ifndef EDGETUNE_EXPERIMENTS_SWEEP_SWEEP_TABLES_H_
#define EDGETUNE_EXPERIMENTS_SWEEP_SWEEP_TABLES_H_

#include <optional>
#include <string>
#include <vector>

#include "core/goal.h"
#include "experiments/run/run_one.h"
#include "experiments/sweep/sweep_plan.h"
#include "traces/results_file.h"

namespace experiments {

struct TableColumn {
  std::string name;
  traces::ResultsColumn::Type type;
};

// runs: run_id, surface, device, model, provenance (recorded or
// synthetic), scenario, drift_at_trial (empty without a drift), goal,
// power_budget_w, throughput_target_fps,
// optimizer, seed_index, seed, trials, max_trials, stopped_early,
// board_seconds, <one column per knob: the recommended value>,
// throughput_fps, power_w (noise-free at the recommendation), feasible,
// score, denoised_score (run_one.h: Reference), oracle_throughput_fps,
// oracle_power_w, budget_violations, the exploration cost
// (run/exploration_cost.h: over_budget_5pct, over_budget_20pct as measured;
// true_over_budget, true_over_budget_5pct, true_over_budget_20pct on the
// noise-free surface; energy_over_budget_j; under_target, true_under_target;
// trials_to_feasible, trials_to_95pct, empty when never), events, error.
std::vector<TableColumn> runs_columns(const std::vector<std::string>& knobs);
// trials: run_id, surface, scenario, optimizer, seed_index, trial, <knob
// values>, available, throughput_fps, power_w (as measured, with noise),
// cost_s, over_budget, best_score (noise-free score of the best
// configuration feasible as measured so far; 0 before there is one).
std::vector<TableColumn> trials_columns(const std::vector<std::string>& knobs);

std::string header_line(const std::vector<TableColumn>& columns);

// The outcome of one run: a result, or the error that stopped it (then
// `goal` may be empty too, when the scenario did not resolve).
struct RunOutcome {
  SweepRun run;
  std::optional<core::Goal> goal;
  std::optional<RunResult> result;
  std::string error;
};

std::string runs_row(const SweepPlan& plan, const std::vector<std::string>& knobs,
                     const RunOutcome& outcome);
// One row per trial; none for a failed run.
std::vector<std::string> trials_rows(const SweepPlan& plan, const std::vector<std::string>& knobs,
                                     const RunOutcome& outcome);

// Parses data lines (no header) into a typed table; empty fields of real
// columns become NaN. Throws core::InputError naming `name` and the line
// (counting from `first_row`) on a malformed row.
traces::ResultsTable table_from_csv(const std::string& name,
                                    const std::vector<TableColumn>& columns,
                                    const std::vector<std::string>& lines,
                                    std::size_t first_row = 0);

// Writes the CSV table at `csv_path` (header line first) as the dataset
// `name` of `writer` in bounded memory: a first pass counts the rows and
// measures the text columns, a second appends them a batch at a time.
void write_csv_table(traces::ResultsFileWriter& writer, const std::string& name,
                     const std::string& csv_path, const std::vector<TableColumn>& columns);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_SWEEP_SWEEP_TABLES_H_
