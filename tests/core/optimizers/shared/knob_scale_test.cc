#include "core/optimizers/shared/knob_scale.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace {

using ::testing::DoubleNear;
using ::testing::ElementsAre;

// AGX Orin's EMC table, a core count and an opaque mode knob that starts at 0.
core::ConfigSpace space() {
  return core::ConfigSpace({{"emc_freq", "MHz", {204, 665.6, 2133, 3199}},
                            {"dla_mode", "", {0, 1, 2}},
                            {"batch", "", {4}}});
}

TEST(KnobScaleTest, LevelsAreEvenlySpaced) {
  const auto at = core::knob_positions(space(), core::KnobScale::kLevel);
  EXPECT_THAT(at[0], ElementsAre(0.0, DoubleNear(1.0 / 3, 1e-12), DoubleNear(2.0 / 3, 1e-12), 1.0));
  EXPECT_THAT(at[1], ElementsAre(0.0, 0.5, 1.0));
}

TEST(KnobScaleTest, ValuesKeepTheClockTablesSpacing) {
  const auto at = core::knob_positions(space(), core::KnobScale::kValue);
  EXPECT_THAT(at[0], ElementsAre(0.0, DoubleNear(0.154124, 1e-6), DoubleNear(0.644073, 1e-6), 1.0));
}

TEST(KnobScaleTest, LogValuesSpreadTheLowClocksAndFallBackWhereAValueIsNotPositive) {
  const auto at = core::knob_positions(space(), core::KnobScale::kLogValue);
  // 204 -> 665.6 MHz is a 3.3x step, 2133 -> 3199 MHz a 1.5x one.
  EXPECT_THAT(at[0], ElementsAre(0.0, DoubleNear(0.429639, 1e-6), DoubleNear(0.852747, 1e-6), 1.0));
  EXPECT_THAT(at[1], ElementsAre(0.0, 0.5, 1.0));  // log(0) has no meaning: by value
}

TEST(KnobScaleTest, AKnobWithOneLevelSitsAtZero) {
  for (core::KnobScale scale :
       {core::KnobScale::kLevel, core::KnobScale::kValue, core::KnobScale::kLogValue})
    EXPECT_THAT(core::knob_positions(space(), scale)[2], ElementsAre(0.0));
}

}  // namespace
