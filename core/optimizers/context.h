// What an optimizer may be given beyond the space and goal: the board's power
// modes and, for methods that learn offline, surfaces of other boards/models.
#ifndef EDGETUNE_CORE_OPTIMIZERS_CONTEXT_H_
#define EDGETUNE_CORE_OPTIMIZERS_CONTEXT_H_

#include <memory>
#include <string>
#include <vector>

#include "core/config_space.h"
#include "core/power_mode.h"

namespace core {

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

using TrainingSurfaces = std::vector<std::shared_ptr<const TrainingSurface>>;

// Every field may be empty; an optimizer that needs one throws InputError
// from its factory or start().
struct OptimizerContext {
  std::vector<PowerMode> power_modes;  // the target board's modes
  // Other surfaces, never the target. Shared so sweeps do not copy them.
  TrainingSurfaces training_surfaces;
};

}  // namespace core

#endif  // EDGETUNE_CORE_OPTIMIZERS_CONTEXT_H_
