// A sweep's runs as a comparison reads them: one record per run, keyed by
// its cell (surface, scenario, seed index), from runs.csv alone so a
// baseline small enough to commit is enough.
#ifndef EDGETUNE_EXPERIMENTS_COMPARE_SWEEP_RUNS_H_
#define EDGETUNE_EXPERIMENTS_COMPARE_SWEEP_RUNS_H_

#include <cstddef>
#include <string>
#include <vector>

namespace experiments {

// The exploration cost columns of runs.csv (run/exploration_cost.h); NaN
// when the runs.csv predates them.
struct ExplorationFigures {
  double over_budget = 0.0;  // trials over the budget on the noise-free surface
  double over_budget_5pct = 0.0;
  double over_budget_20pct = 0.0;
  double over_budget_measured = 0.0;
  double energy_over_budget_j = 0.0;
  double under_target = 0.0;        // noise-free
  double trials_to_feasible = 0.0;  // NaN: never
  double trials_to_95pct = 0.0;     // NaN: score 0
};

struct RunRecord {
  std::string cell;             // "surface/scenario/seed index"
  std::string goal;             // goal kind
  double power_budget_w = 0.0;  // NaN: none
  double throughput_target_fps = 0.0;
  std::string optimizer;
  double score = 0.0;     // 0 when infeasible, none or failed
  bool feasible = false;  // a recommendation feasible on the noise-free surface
  ExplorationFigures exploration;
};

struct SweepRuns {
  std::string label;                    // how tables and errors name it
  std::string file;                     // the runs.csv read
  std::vector<std::string> optimizers;  // first-seen order
  std::vector<RunRecord> runs;
  bool has_exploration = false;  // the runs.csv has the exploration columns
  // The (surface, scenario) with the fewest seeds, and how many it has.
  std::string fewest_seeds_at;
  std::size_t fewest_seeds = 0;
};

// Reads DIR/runs.csv, or the runs.csv file given. Throws core::InputError
// (one line naming `label` and the fix) when the file is missing or not a
// sweep's runs table, has no runs, or a run appears twice.
SweepRuns load_sweep_runs(const std::string& path, const std::string& label);

// Throws core::InputError when some (surface, scenario) has one seed: no
// interval or paired test can rest on one run per cell group.
void require_two_seeds(const SweepRuns& sweep);

// The records of `optimizer`, by cell.
std::vector<const RunRecord*> runs_of(const SweepRuns& sweep, const std::string& optimizer);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_COMPARE_SWEEP_RUNS_H_
