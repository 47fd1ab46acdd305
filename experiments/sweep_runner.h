// Executes a sweep plan on worker threads, appending each finished run to
// the store. Runs already in the store are skipped (resume).
#ifndef EDGETUNE_EXPERIMENTS_SWEEP_RUNNER_H_
#define EDGETUNE_EXPERIMENTS_SWEEP_RUNNER_H_

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "experiments/sweep_models.h"
#include "experiments/sweep_plan.h"
#include "experiments/sweep_store.h"

namespace experiments {

struct SweepStats {
  std::size_t runs_total = 0;
  std::size_t runs_resumed = 0;  // finished by an earlier invocation
  std::size_t runs_executed = 0;
  std::size_t runs_failed = 0;  // executed, ended with an error row
  std::size_t trials = 0;       // simulated trials executed now
  int jobs = 1;
  double training_s = 0.0;   // wall time of offline pre-training or loading its weights
  double wall_s = 0.0;       // wall time of the runs, training excluded
  double peak_rss_mb = 0.0;  // of the whole process so far

  nlohmann::json json() const;
};

// Peak resident memory of this process so far, MB.
double peak_rss_mb();

// Runs every run of `runs` (all of `plan`'s, or a shard's) that `store` has
// not finished, on `jobs` threads, with the contexts' models (prepared
// first: SweepContexts::prepare). A run that throws becomes a row with its
// error; a store write failure stops the sweep and is rethrown (finished
// rows stay). The stats' training time is the caller's to fill in.
SweepStats run_sweep(const SweepPlan& plan, const std::vector<SweepRun>& runs,
                     const SweepContexts& contexts, SweepStore& store, int jobs,
                     bool show_progress);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_SWEEP_RUNNER_H_
