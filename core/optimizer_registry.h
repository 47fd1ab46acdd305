// Optimizers by name: the const table behind `edgetune run --optimizer NAME`.
#ifndef EDGETUNE_CORE_OPTIMIZER_REGISTRY_H_
#define EDGETUNE_CORE_OPTIMIZER_REGISTRY_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/config_space.h"
#include "core/optimizer.h"

namespace core {

// A named power mode of a board (nvpmodel): the highest value each capped
// knob may take. Knobs not named are uncapped.
struct PowerMode {
  std::string name;                      // "MAXN", "30W", ...
  std::map<std::string, double> max_value;  // knob name -> cap (knob units)
};

// A noise-free surface of *another* (device, model) pair than the target,
// for optimizers that learn offline (leave-one-surface-out). Arrays are
// indexed by the flat index of `space`; NaN marks unavailable points.
struct TrainingSurface {
  std::string name;  // e.g. file stem "agx-orin_yolov8n"
  std::string device;
  std::string model;
  ConfigSpace space;
  std::vector<double> throughput_fps;
  std::vector<double> power_w;
};

// What the caller knows beyond the space and goal. Every field may be empty;
// an optimizer that needs one throws InputError from its factory or start().
struct OptimizerContext {
  std::vector<PowerMode> power_modes;  // the target board's modes
  // Other surfaces, never the target. Shared so sweeps do not copy them.
  std::vector<std::shared_ptr<const TrainingSurface>> training_surfaces;
};

struct OptimizerInfo {
  std::string name;
  std::string description;  // one line for `edgetune list optimizers`
  bool needs_training = false;      // uses context.training_surfaces
  bool needs_power_modes = false;   // uses context.power_modes
  // Measures the whole grid: the trial budget does not apply (the run gets
  // one trial per configuration), as offline profiling on a board does.
  bool full_grid = false;
};

// Every registered optimizer, in a stable order.
const std::vector<OptimizerInfo>& optimizer_catalog();
// The catalog entry called `name`, or nullptr.
const OptimizerInfo* find_optimizer_info(const std::string& name);

// Creates the optimizer called `name`. Throws InputError for an unknown name
// (listing the known ones) or a context that lacks what it needs.
std::unique_ptr<Optimizer> make_optimizer(const std::string& name,
                                          const OptimizerContext& context = {});

}  // namespace core

#endif  // EDGETUNE_CORE_OPTIMIZER_REGISTRY_H_
