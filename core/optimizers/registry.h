// Optimizers by name: the const table behind `edgetune run --optimizer NAME`.
#ifndef EDGETUNE_CORE_OPTIMIZERS_REGISTRY_H_
#define EDGETUNE_CORE_OPTIMIZERS_REGISTRY_H_

#include <istream>
#include <memory>
#include <string>
#include <vector>

#include "core/optimizer.h"
#include "core/optimizers/context.h"
#include "core/optimizers/trained_model.h"

namespace core {

// What one replayed run of a method costs on one core, so that a sweep
// split into shards gives each about as much work: per trial of its budget,
// plus per configuration of the surface (a method that scans the grid).
struct ReplayCost {
  double per_trial_us = 0.0;
  double per_configuration_us = 0.0;
};

struct OptimizerInfo {
  std::string name;
  std::string description;  // one line for `edgetune list optimizers`
  // Measured with `edgetune sweep --optimizers NAME --seeds 3 --jobs 1` on
  // the shipped surfaces; a new method states its own (README.md here).
  ReplayCost cost;
  bool needs_power_modes = false;  // uses context.power_modes
  // Measures the whole grid: the trial budget does not apply (the run gets
  // one trial per configuration), as offline profiling on a board does.
  bool full_grid = false;
  // Trains offline on context.training_surfaces: set from the registry
  // entry's training hook, never by hand.
  bool needs_training = false;
};

// Every registered optimizer, in a stable order.
const std::vector<OptimizerInfo>& optimizer_catalog();
// The catalog entry called `name`, or nullptr.
const OptimizerInfo* find_optimizer_info(const std::string& name);

// The model `name` trains offline on context.training_surfaces, trained
// once per training set and shared (trained_models.h). Throws InputError
// when `name` does not train offline (listing those that do) or the
// context has no training surfaces.
std::shared_ptr<const TrainedModel> trained_model(const std::string& name,
                                                  const OptimizerContext& context);

// Reads a model of `name` that TrainedModel::save wrote (the registry's
// load hook); `provide_trained_model` then makes it the model trained_model()
// returns for `context`, so nothing is trained again. Both throw InputError
// when `name` does not train offline; load also on a malformed stream.
std::shared_ptr<const TrainedModel> load_trained_model(const std::string& name, std::istream& in);
void provide_trained_model(const std::string& name, const OptimizerContext& context,
                           std::shared_ptr<const TrainedModel> model);

// Creates the optimizer called `name` (training its model first if needed). Throws InputError for
// an unknown name (listing the known ones) or a context that lacks what it needs.
std::unique_ptr<Optimizer> make_optimizer(const std::string& name,
                                          const OptimizerContext& context = {});

}  // namespace core

#endif  // EDGETUNE_CORE_OPTIMIZERS_REGISTRY_H_
