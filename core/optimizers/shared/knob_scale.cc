#include "core/optimizers/shared/knob_scale.h"

#include <cmath>
#include <utility>

namespace core {

std::vector<std::vector<double>> knob_positions(const ConfigSpace& space, KnobScale scale) {
  std::vector<std::vector<double>> positions;
  for (std::size_t j = 0; j < space.num_knobs(); ++j) {
    const std::vector<double>& values = space.knob(j).values;
    const bool log = scale == KnobScale::kLogValue && values.front() > 0.0;
    auto at = [&](std::size_t l) { return log ? std::log(values[l]) : values[l]; };
    std::vector<double> knob;
    for (std::size_t l = 0; l < values.size(); ++l) {
      if (values.size() < 2) {
        knob.push_back(0.0);
      } else if (scale == KnobScale::kLevel) {
        knob.push_back(space.normalized_level(j, static_cast<int>(l)));
      } else {
        knob.push_back((at(l) - at(0)) / (at(values.size() - 1) - at(0)));
      }
    }
    positions.push_back(std::move(knob));
  }
  return positions;
}

}  // namespace core
