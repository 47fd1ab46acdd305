// Hand-made measurements for unit tests of what optimizers learn from them.
#ifndef EDGETUNE_TESTS_SUPPORT_READINGS_H_
#define EDGETUNE_TESTS_SUPPORT_READINGS_H_

#include <vector>

#include "core/measurement.h"

namespace testing_support {

// One reading of the configuration at `levels`.
inline core::Measurement reading(const std::vector<int>& levels, double fps, double w) {
  core::Measurement m;
  m.config = core::config_of_levels(levels);
  m.throughput_fps = fps;
  m.power_w = w;
  return m;
}

// ... of a one-knob space.
inline core::Measurement reading(int level, double fps, double w) {
  return reading(std::vector<int>{level}, fps, w);
}

}  // namespace testing_support

#endif  // EDGETUNE_TESTS_SUPPORT_READINGS_H_
