// KnobFeatures: standard knobs as positions in [0, 1] that mean the same on
// every board, and back to the nearest configuration.
#include "core/optimizers/shared/knob_features.h"

#include <gtest/gtest.h>

namespace {

TEST(KnobFeaturesTest, PositionsAreComparableAcrossBoards) {
  // A board with GPU and concurrency only, plus a knob outside the standard list.
  const core::ConfigSpace space({{"gpu_freq", "MHz", {300, 600, 900, 1200, 1500}},
                                 {"fan", "pwm", {0, 1, 2}},
                                 {"concurrency", "count", {1, 2, 3}}});
  const core::KnobFeatures features(space);
  EXPECT_EQ(features.knob(2), 0);   // gpu_freq
  EXPECT_EQ(features.knob(4), 2);   // concurrency
  EXPECT_EQ(features.knob(0), -1);  // no cpu_freq here
  const auto p = features.positions(core::Config{{1, 2, 2}});
  EXPECT_DOUBLE_EQ(p[2], 0.25);
  EXPECT_DOUBLE_EQ(p[4], 1.0);
  EXPECT_DOUBLE_EQ(p[0], 0.5) << "a missing knob reads the middle";
  // Back: nearest levels; the non-standard knob at its middle level.
  EXPECT_EQ(features.nearest({0.0, 0.0, 0.6, 0.0, -3.0}), (core::Config{{2, 1, 0}}));
  EXPECT_EQ(features.nearest(features.positions(core::Config{{3, 1, 1}})),
            (core::Config{{3, 1, 1}}));
}

}  // namespace
