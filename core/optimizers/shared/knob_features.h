// Knob positions that mean the same thing on every board, for the learned
// baselines (DVFO, MAPLE-Edge) that train on other devices: each standard
// knob (surface-format.md) as its level's position in [0, 1] within that
// board's range. A board without a knob reads 0.5 there; knobs outside the
// standard list are held at their middle level.
#ifndef EDGETUNE_CORE_OPTIMIZERS_SHARED_KNOB_FEATURES_H_
#define EDGETUNE_CORE_OPTIMIZERS_SHARED_KNOB_FEATURES_H_

#include <array>
#include <string>
#include <vector>

#include "core/config_space.h"

namespace core {

constexpr std::size_t kStandardKnobCount = 5;
// cpu_freq, cpu_cores, gpu_freq, emc_freq, concurrency.
const std::array<std::string, kStandardKnobCount>& standard_knobs();

class KnobFeatures {
 public:
  explicit KnobFeatures(const ConfigSpace& space);

  // The position of each standard knob in `config`.
  std::array<double, kStandardKnobCount> positions(const Config& config) const;
  // The configuration nearest to `positions` (standard knobs), other knobs
  // at their middle level.
  Config nearest(const std::array<double, kStandardKnobCount>& positions) const;
  // Index of standard knob s in the space, or -1.
  int knob(std::size_t s) const { return index_[s]; }

 private:
  const ConfigSpace* space_;
  std::array<int, kStandardKnobCount> index_;
};

}  // namespace core

#endif  // EDGETUNE_CORE_OPTIMIZERS_SHARED_KNOB_FEATURES_H_
