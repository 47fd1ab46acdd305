// Where each level of each knob sits as a surrogate model's input, in
// [0, 1]. A grid's level index is a poor input: clock tables are spaced
// unevenly (EMC on AGX Orin: 204, 665.6, 2133, 3199 MHz), and the metrics
// follow the clock, not its index.
#ifndef EDGETUNE_CORE_OPTIMIZERS_SHARED_KNOB_SCALE_H_
#define EDGETUNE_CORE_OPTIMIZERS_SHARED_KNOB_SCALE_H_

#include <vector>

#include "core/config_space.h"

namespace core {

enum class KnobScale {
  // The level's index over the knob's levels.
  kLevel,
  // The knob's value, linearly: power, which grows with each clock's value
  // (dynamic power ~ f V^2) and with the cores and streams that run.
  kValue,
  // log(value): throughput, which gains less from each further MHz, core or
  // stream (time is work / rate, and another resource becomes the limit),
  // so equal ratios matter about equally. Knobs with a value <= 0 fall back
  // to kValue.
  kLogValue,
};

// positions[j][l]: where level l of knob j sits, 0 at its lowest level and
// 1 at its highest (0 for a knob with one level).
std::vector<std::vector<double>> knob_positions(const ConfigSpace& space, KnobScale scale);

}  // namespace core

#endif  // EDGETUNE_CORE_OPTIMIZERS_SHARED_KNOB_SCALE_H_
