#include "core/optimizers/shared/knob_features.h"

#include <algorithm>
#include <cmath>

namespace core {

const std::array<std::string, kStandardKnobCount>& standard_knobs() {
  static const std::array<std::string, kStandardKnobCount> names = {
      "cpu_freq", "cpu_cores", "gpu_freq", "emc_freq", "concurrency"};
  return names;
}

KnobFeatures::KnobFeatures(const ConfigSpace& space) : space_(&space) {
  for (std::size_t s = 0; s < kStandardKnobCount; ++s) {
    index_[s] = -1;
    for (std::size_t k = 0; k < space.num_knobs(); ++k) {
      if (space.knob(k).name == standard_knobs()[s]) index_[s] = static_cast<int>(k);
    }
  }
}

std::array<double, kStandardKnobCount> KnobFeatures::positions(const Config& config) const {
  std::array<double, kStandardKnobCount> out;
  for (std::size_t s = 0; s < kStandardKnobCount; ++s) {
    out[s] =
        index_[s] < 0 ? 0.5 : space_->normalized_level(config, static_cast<std::size_t>(index_[s]));
  }
  return out;
}

Config KnobFeatures::nearest(const std::array<double, kStandardKnobCount>& positions) const {
  Config c;
  for (std::size_t k = 0; k < space_->num_knobs(); ++k) {
    c.level.push_back(static_cast<int>(space_->knob(k).values.size() - 1) / 2);
  }
  for (std::size_t s = 0; s < kStandardKnobCount; ++s) {
    if (index_[s] < 0) continue;
    const int levels =
        static_cast<int>(space_->knob(static_cast<std::size_t>(index_[s])).values.size());
    const double p = std::clamp(positions[s], 0.0, 1.0);
    c.level[static_cast<std::size_t>(index_[s])] = static_cast<int>(std::lround(p * (levels - 1)));
  }
  return c;
}

}  // namespace core
