#include "core/config_space.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/errors.h"

namespace {

core::ConfigSpace small_space() {
  return core::ConfigSpace(
      {{"a", "MHz", {1, 2, 3}}, {"b", "count", {10, 20}}, {"c", "x", {5, 6, 7, 8}}});
}

TEST(ConfigSpaceTest, FlatIndexIsRowMajorAndRoundTrips) {
  const core::ConfigSpace space = small_space();
  ASSERT_EQ(space.size(), 24u);
  EXPECT_EQ(space.index(core::Config{{0, 0, 1}}), 1u);  // last knob fastest
  EXPECT_EQ(space.index(core::Config{{0, 1, 0}}), 4u);
  EXPECT_EQ(space.index(core::Config{{1, 0, 0}}), 8u);
  int levels[3];
  space.levels(23, levels);  // 23 = 2 * 8 + 1 * 4 + 3
  EXPECT_EQ(levels[0], 2);
  EXPECT_EQ(levels[1], 1);
  EXPECT_EQ(levels[2], 3);
  for (std::size_t i = 0; i < space.size(); ++i) EXPECT_EQ(space.index(space.config(i)), i);
}

// Indices below 2^32 decode by multiplication, larger ones by division:
// both round-trip, here on a grid of 10^10 points (never materialised).
TEST(ConfigSpaceTest, LevelsRoundTripOnEitherSideOf32Bits) {
  std::vector<double> hundred;
  for (int v = 0; v < 100; ++v) hundred.push_back(v);
  std::vector<core::Knob> knobs;
  for (const char* name : {"a", "b", "c", "d", "e"}) knobs.push_back({name, "x", hundred});
  const core::ConfigSpace space(knobs);
  ASSERT_EQ(space.size(), 10000000000u);
  for (std::size_t index :
       {std::size_t{0}, std::size_t{99}, std::size_t{123456789}, std::size_t{UINT32_MAX},
        std::size_t{UINT32_MAX} + 1, std::size_t{9876543210}, space.size() - 1}) {
    EXPECT_EQ(space.index(space.config(index)), index);
  }
}

std::vector<core::Knob> knobs_of(std::size_t count, std::size_t values) {
  std::vector<double> levels;
  for (std::size_t v = 0; v < values; ++v) levels.push_back(static_cast<double>(v));
  std::vector<core::Knob> knobs;
  for (std::size_t k = 0; k < count; ++k) knobs.push_back({"k" + std::to_string(k), "x", levels});
  return knobs;
}

// 256 values on 8 knobs is 2^64 points: a plain product wraps to 0, which
// once let a 27 KB file pass as "ok (0 points)" and crash every command.
TEST(ConfigSpaceTest, GridSizesAreBoundedWithoutOverflow) {
  EXPECT_EQ(core::bounded_grid_points(knobs_of(8, 256), SIZE_MAX), std::nullopt);
  EXPECT_EQ(core::bounded_grid_points(knobs_of(7, 256), SIZE_MAX), std::size_t{1} << 56);
  EXPECT_EQ(core::bounded_grid_points(knobs_of(3, 512), std::size_t{1} << 27),
            std::size_t{1} << 27);
  EXPECT_EQ(core::bounded_grid_points(knobs_of(3, 513), std::size_t{1} << 27), std::nullopt);
  EXPECT_EQ(core::bounded_grid_points({}, 10), 0u);
  EXPECT_EQ(core::grid_shape_text(knobs_of(3, 4)), "4 x 4 x 4");
  try {
    core::ConfigSpace space(knobs_of(8, 256));
    FAIL() << "a 2^64-point grid has " << space.size() << " points";
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("a grid of 256 x 256 x 256 x 256 x 256 x 256 x 256 x 256 "
                                         "levels has more points than a 64-bit index counts"),
              std::string::npos)
        << e.what();
  }
}

TEST(ConfigSpaceTest, NeighboursStayInsideTheGrid) {
  const core::ConfigSpace space = small_space();
  const auto corner = space.neighbours(core::Config{{0, 0, 0}}, 0);
  ASSERT_EQ(corner.size(), 1u);
  EXPECT_EQ(corner[0], (core::Config{{1, 0, 0}}));
  const auto middle = space.neighbours(core::Config{{1, 1, 2}}, 2);
  ASSERT_EQ(middle.size(), 2u);
  EXPECT_EQ(middle[0], (core::Config{{1, 1, 1}}));
  EXPECT_EQ(middle[1], (core::Config{{1, 1, 3}}));
  EXPECT_EQ(space.neighbours(core::Config{{1, 0, 2}}).size(), 5u);  // 2 + 1 + 2
}

TEST(ConfigSpaceTest, ContainsRejectsWrongShapeAndRange) {
  const core::ConfigSpace space = small_space();
  EXPECT_TRUE(space.contains(core::Config{{2, 1, 3}}));
  EXPECT_FALSE(space.contains(core::Config{{3, 0, 0}}));
  EXPECT_FALSE(space.contains(core::Config{{-1, 0, 0}}));
  EXPECT_FALSE(space.contains(core::Config{{0, 0}}));
}

TEST(ConfigSpaceTest, NamesValuesAndDescription) {
  const core::ConfigSpace space = small_space();
  EXPECT_EQ(space.knob_index("b"), 1u);
  EXPECT_FALSE(space.knob_index("gpu_freq").has_value());
  EXPECT_EQ(space.max_config(), (core::Config{{2, 1, 3}}));
  EXPECT_DOUBLE_EQ(space.value(core::Config{{2, 1, 3}}, 1), 20.0);
  EXPECT_DOUBLE_EQ(space.normalized_level(core::Config{{1, 1, 3}}, 0), 0.5);
  EXPECT_EQ(space.describe(core::Config{{0, 1, 2}}), "a=1 b=20 c=7");
}

}  // namespace
