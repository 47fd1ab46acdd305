// The weights file of an offline-trained optimizer, as `edgetune train` and
// a sweep's training step (`sweep --train-only`) write it and a sweep's
// shards read it: a header naming the optimizer, the target and the surfaces
// trained on, then the model's own text (core::TrainedModel::save), which
// reads back bit for bit, so a run with loaded weights equals a run that
// trained them.
//
//   edgetune-weights 1
//   optimizer dvfo
//   target agx-orin yolov8s
//   training agx-orin_yolov8n orin-nano_yolov8s ...
//   <model text>
#ifndef EDGETUNE_EXPERIMENTS_SWEEP_WEIGHTS_FILE_H_
#define EDGETUNE_EXPERIMENTS_SWEEP_WEIGHTS_FILE_H_

#include <memory>
#include <string>

#include "core/optimizers/context.h"
#include "core/optimizers/trained_model.h"
#include "traces/surface.h"

namespace experiments {

// Where a sweep keeps `optimizer`'s weights for `target` in `dir`.
std::string weights_path(const std::string& dir, const std::string& optimizer,
                         const traces::Surface& target);

// Throws core::InputError when `path`'s directory is missing or read-only:
// checked before training, so a bad path costs no training time.
void check_weights_destination(const std::string& path);

// Writes `model` with its header, atomically (a temporary file renamed into
// place). Throws core::InputError when the file cannot be written.
void write_weights_file(const std::string& path, const std::string& optimizer,
                        const traces::Surface& target, const core::OptimizerContext& context,
                        const core::TrainedModel& model);

// Reads the weights at `path`, checking they are `optimizer`'s and were
// trained on exactly context.training_surfaces (by name, in any order).
// Throws core::InputError naming the file and the fix when it is missing,
// damaged or from another training set.
std::shared_ptr<const core::TrainedModel> read_weights_file(const std::string& path,
                                                            const std::string& optimizer,
                                                            const core::OptimizerContext& context);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_SWEEP_WEIGHTS_FILE_H_
