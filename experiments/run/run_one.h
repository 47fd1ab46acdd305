// One optimizer run on a replayed surface, scored against the oracle: the
// unit of work of `edgetune run` and of every sweep row.
#ifndef EDGETUNE_EXPERIMENTS_RUN_RUN_ONE_H_
#define EDGETUNE_EXPERIMENTS_RUN_RUN_ONE_H_

#include <cstdint>
#include <limits>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "core/goal.h"
#include "core/optimizer.h"
#include "core/optimizers/registry.h"
#include "core/oracle.h"
#include "core/run.h"
#include "experiments/run/optimizer_factory.h"
#include "sim/surface_device.h"
#include "traces/denoised_metrics.h"
#include "traces/surface.h"

namespace experiments {

struct RunSpec {
  std::shared_ptr<const traces::Surface> surface;
  std::string optimizer;  // registry name
  core::Goal goal;
  core::Budget budget;
  std::uint64_t seed = 0;  // the cell's key; noise and optimizer derive from it (core/seed.h)
  sim::SurfaceDeviceOptions device;
  // A drift (experiments/run/drift.h): from trial drift_at_trial on, the device
  // replays `drifted` (its noise from RunStream::kDriftedDeviceNoise), and
  // the run is scored on it; null for a stable run.
  std::shared_ptr<const traces::Surface> drifted;
  int drift_at_trial = 0;

  // The surface the recommendation is scored on: `drifted`, else `surface`.
  const traces::Surface& scored_surface() const { return drifted ? *drifted : *surface; }
};

// What a run is scored against. `oracle`: the best configuration by the
// surface's values (the best recorded reading on a recorded surface).
// `denoised`: the best configuration by the denoised values
// (traces/denoised_metrics.h) among those whose surface values meet the
// goal; its metrics are denoised. On a synthetic surface the two agree.
struct Reference {
  core::OracleResult oracle;
  core::OracleResult denoised;
  std::shared_ptr<const traces::DenoisedMetrics> metrics;
};

struct RunResult {
  RunSpec spec;
  core::RunLog log;
  // Noise-free metrics at the recommendation; NaN when there is none.
  double throughput_fps = std::numeric_limits<double>::quiet_NaN();
  double power_w = std::numeric_limits<double>::quiet_NaN();
  bool feasible = false;  // on the noise-free surface
  double score = 0.0;     // core::score against `oracle`; 0 when infeasible/none
  // The denoised values at the recommendation against the denoised
  // reference, on the objective (core::objective_ratio; at most 1);
  // 0 when infeasible (judged on the surface's values) or none.
  double denoised_score = 0.0;
  Reference reference;
  // Drift runs only: after each trial, the flat index of what the optimizer
  // would have recommended then (-1: nothing), to see when it recovers.
  // Other runs skip the cost of asking (recommend() can scan the history).
  std::vector<long> recommended_after;
};

// The exhaustive optimum of `goal` on the surface's noise-free values.
core::OracleResult surface_oracle(const traces::Surface& surface, const core::Goal& goal);

// Both references of `goal` on `surface`; `metrics` (the surface's
// denoised_metrics) is shared by every goal of a sweep.
Reference scoring_reference(const traces::Surface& surface, const core::Goal& goal,
                            std::shared_ptr<const traces::DenoisedMetrics> metrics);
// The same, denoising the surface for this one goal.
Reference scoring_reference(const traces::Surface& surface, const core::Goal& goal);

// Runs spec.optimizer (a registered name or a plug-in's, made by
// `optimizers`) on a SurfaceDevice over spec.surface (noise and optimizer
// seeded by the streams of core::RunStream from spec.seed) and scores the recommendation against
// `oracle` (which the caller computes once per surface and goal with scoring_reference(), on
// spec.scored_surface()).
RunResult execute_run(const RunSpec& spec, const OptimizerFactory& optimizers,
                      const core::OptimizerContext& context, const Reference& reference,
                      const core::TrialObserver& on_trial = {});
// The same with an optimizer the caller made (spec.optimizer names it in
// the result; the budget is spec.budget as given: the full-grid budget of
// a registered full-grid method comes only with the overload above).
RunResult execute_run(const RunSpec& spec, core::Optimizer& optimizer, const Reference& reference,
                      const core::TrialObserver& on_trial = {});

// The `denoised` object of `run --json` and `oracle --json`: the
// reference's configuration, its denoised metrics and how they were made.
nlohmann::json denoised_json(const traces::Surface& surface, const Reference& reference);

// The `edgetune run --json` object (fields of the DESIGN.md CLI contract).
nlohmann::json run_json(const RunResult& result);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_RUN_RUN_ONE_H_
