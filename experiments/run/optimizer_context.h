// Builds what an optimizer may know beyond the space and goal, for a target
// surface: the board's power modes and, for offline-trained optimizers, the
// other surfaces (leave-one-surface-out: never the target's device+model).
#ifndef EDGETUNE_EXPERIMENTS_RUN_OPTIMIZER_CONTEXT_H_
#define EDGETUNE_EXPERIMENTS_RUN_OPTIMIZER_CONTEXT_H_

#include <memory>
#include <string>
#include <vector>

#include "core/optimizers/registry.h"
#include "traces/surface.h"

namespace experiments {

// The shipped surfaces directory, <source>/traces/surfaces.
std::string shipped_surfaces_dir();
// The synthetic surfaces (the .h5 files in that directory), sorted.
std::vector<std::string> shipped_synthetic_surfaces();
// The recorded boards (its recorded/ subdirectory), sorted.
std::vector<std::string> shipped_recorded_surfaces();
// What a sweep runs by default: the synthetic surfaces, then the recorded
// ones (appended, so the synthetic runs keep their ids).
std::vector<std::string> shipped_surfaces();

// A noise-free training view of a loaded surface.
core::TrainingSurface training_view(const traces::Surface& surface);

using TrainingPool = std::vector<std::shared_ptr<const core::TrainingSurface>>;

// Training views of the surfaces at `paths` (default: the shipped synthetic
// ones: the recorded boards span only GPU clock and concurrency, too few
// knobs to learn the others' effects from).
TrainingPool load_training_pool(const std::vector<std::string>& paths = {});

// Whether the registered optimizer `name` learns from training surfaces
// (false for an unknown name: make_optimizer reports it).
bool needs_training(const std::string& optimizer);

// Context for running `optimizer` on `target`: the board's power modes and,
// when the optimizer needs them, the pool's surfaces except any with the
// target's device and model (leave-one-surface-out).
core::OptimizerContext make_context(const std::string& optimizer, const traces::Surface& target,
                                    const TrainingPool& pool);

// As above, loading the pool from `training_paths` (default: the shipped
// surfaces) only when the optimizer needs it.
core::OptimizerContext make_context(const std::string& optimizer, const traces::Surface& target,
                                    const std::vector<std::string>& training_paths = {});

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_RUN_OPTIMIZER_CONTEXT_H_
