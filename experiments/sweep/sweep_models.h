// The optimizer contexts of a sweep and the offline-trained models they
// carry: trained in-process (in parallel, once per target and method), or
// written by a training step and read back by each shard, so a sweep split
// over a cluster trains once.
#ifndef EDGETUNE_EXPERIMENTS_SWEEP_SWEEP_MODELS_H_
#define EDGETUNE_EXPERIMENTS_SWEEP_SWEEP_MODELS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "core/optimizers/context.h"
#include "experiments/run/optimizer_context.h"
#include "experiments/sweep/model_cache.h"
#include "experiments/sweep/sweep_plan.h"

namespace experiments {

// One context per (surface, optimizer) of the plan.
class SweepContexts {
 public:
  SweepContexts(const SweepPlan& plan, const TrainingPool& pool);

  const core::OptimizerContext& of(const SweepRun& run) const {
    return contexts_[run.surface * optimizers_ + run.optimizer];
  }

  // What prepare() did: models read from weights files or trained here,
  // and the wall time it took, s.
  struct Preparation {
    std::size_t read = 0;     // from models_dir
    std::size_t cached = 0;   // from the model cache
    std::size_t trained = 0;  // here (and stored in the cache, if any)
    double wall_s = 0.0;
  };

  // Makes the models `runs` need ready before they start, on `jobs` threads:
  // read from `models_dir` (written by write_models) when it is not empty,
  // else from `cache` (model_cache.h; null: no cache) when it holds them,
  // else trained here and stored in `cache`. A training failure is left for
  // each of its runs to report; a missing or mismatched weights file throws
  // core::InputError.
  Preparation prepare(const SweepPlan& plan, const std::vector<SweepRun>& runs,
                      const std::string& models_dir, const ModelCache* cache, int jobs) const;

  // Trains every model of the plan on `jobs` threads and writes each to
  // `models_dir` (created if missing). Returns the files written.
  std::vector<std::string> write_models(const SweepPlan& plan, const std::string& models_dir,
                                        int jobs) const;

 private:
  std::vector<core::OptimizerContext> contexts_;  // [surface][optimizer]
  std::size_t optimizers_;
};

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_SWEEP_SWEEP_MODELS_H_
