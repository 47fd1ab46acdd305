// Executes a sweep plan on worker threads, appending each finished run to
// the store. Runs already in the store are skipped (resume).
#ifndef EDGETUNE_EXPERIMENTS_SWEEP_SWEEP_RUNNER_H_
#define EDGETUNE_EXPERIMENTS_SWEEP_SWEEP_RUNNER_H_

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "experiments/run/optimizer_factory.h"
#include "experiments/sweep/sweep_models.h"
#include "experiments/sweep/sweep_plan.h"
#include "experiments/sweep/sweep_store.h"

namespace experiments {

struct SweepStats {
  std::size_t runs_total = 0;
  std::size_t runs_resumed = 0;  // finished by an earlier invocation
  std::size_t runs_executed = 0;
  std::size_t runs_failed = 0;  // executed, ended with an error row
  std::size_t trials = 0;       // simulated trials executed now
  int jobs = 1;
  double training_s = 0.0;         // wall time of offline pre-training or loading its weights
  std::size_t models_trained = 0;  // offline-trained models trained by this invocation
  std::size_t models_read = 0;     // ... and read from weights files (--models)
  std::size_t models_cached = 0;   // ... and read from the model cache
  double wall_s = 0.0;             // wall time of the runs, training excluded
  double peak_rss_mb = 0.0;        // of the whole process so far

  nlohmann::json json() const;
};

// Peak resident memory of this process so far, MB.
double peak_rss_mb();

// Told how a sweep advances (the CLI draws a progress bar). run_finished()
// is called from the worker threads: implementations are thread-safe.
class SweepObserver {
 public:
  virtual ~SweepObserver() = default;
  virtual void runs_pending(std::size_t runs) = 0;  // once, before the first run
  virtual void run_finished() = 0;
  virtual void sweep_finished() = 0;  // after the last run, before stats are made
};

// Runs every run of `runs` (all of `plan`'s, or a shard's) that `store` has
// not finished, on `jobs` threads, with the contexts' models (prepared
// first: SweepContexts::prepare) and the optimizers `optimizers` makes. A
// run that throws becomes a row with its error; a store write failure stops
// the sweep and is rethrown (finished rows stay). `observer` may be null.
// The stats' training time is the caller's to fill in.
SweepStats run_sweep(const SweepPlan& plan, const std::vector<SweepRun>& runs,
                     const SweepContexts& contexts, const OptimizerFactory& optimizers,
                     SweepStore& store, int jobs, SweepObserver* observer);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_SWEEP_SWEEP_RUNNER_H_
