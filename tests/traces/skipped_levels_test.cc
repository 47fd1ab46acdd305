#include "traces/skipped_levels.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <ostream>

#include "tests/support/tiny_surface.h"

namespace traces {
void PrintTo(const SkippedLevel& l, std::ostream* os) {
  *os << "{knob " << l.knob << ", level " << l.level << "}";
}
}  // namespace traces

namespace {

using traces::SkippedLevel;

// gpu_freq 300..1300 x concurrency 1..4. `skip_gpu` lists GPU clocks at
// which nothing was recorded; concurrency 4 never runs (out of memory) and
// neither does the lowest GPU clock when `slow_floor` is set.
traces::Surface board(std::vector<double> skip_gpu, bool slow_floor = false) {
  traces::Surface s = testing_support::make_surface(
      {{"gpu_freq", "MHz", {300, 500, 700, 900, 1100, 1300}},
       {"concurrency", "count", {1, 2, 3, 4}}},
      [=](const std::vector<double>& v) {
        const bool skipped = std::find(skip_gpu.begin(), skip_gpu.end(), v[0]) != skip_gpu.end();
        if (skipped || v[1] == 4 || (slow_floor && v[0] == 300))
          return std::make_pair(std::nan(""), std::nan(""));
        return std::make_pair(v[0] / 10.0 * v[1], 5.0 + v[0] / 100.0 + v[1]);
      },
      0.02);
  s.repeats["power"] = {"W", 2, {}};
  for (double w : s.power_w())
    s.repeats["power"].values.insert(s.repeats["power"].values.end(), {w, w + 0.1});
  return s;
}

TEST(SkippedLevelsTest, InteriorLevelsWithNothingRecordedAreSkipped) {
  EXPECT_EQ(traces::skipped_levels(board({500, 900})), (std::vector<SkippedLevel>{{0, 1}, {0, 3}}));
}

// What stops configurations from running grows with a knob's level: an
// unavailable top (memory) or bottom level is a property of the board, not
// a gap in the recording.
TEST(SkippedLevelsTest, UnavailableEndsAreNotSkipped) {
  EXPECT_TRUE(traces::skipped_levels(board({})).empty());
  EXPECT_TRUE(traces::skipped_levels(board({}, true)).empty());
  EXPECT_TRUE(traces::skipped_levels(board({1300}, true)).empty());
  EXPECT_TRUE(traces::skipped_levels(board({500}, true)).empty());  // 300 and 500: the floor
  EXPECT_EQ(traces::skipped_levels(board({700}, true)), (std::vector<SkippedLevel>{{0, 2}}));
}

TEST(SkippedLevelsTest, NothingRecordedAnywhereSkipsNothing) {
  traces::Surface s = board({});
  for (auto& [name, metric] : s.metrics) metric.values.assign(metric.values.size(), NAN);
  EXPECT_TRUE(traces::skipped_levels(s).empty());
}

TEST(SkippedLevelsTest, TheSmallerGridKeepsEveryRecordedValueAtItsConfiguration) {
  const traces::Surface full = board({500, 900});
  const traces::Surface kept = traces::without_skipped_levels(full);
  EXPECT_EQ(kept.space.knob(0).values, (std::vector<double>{300, 700, 1100, 1300}));
  EXPECT_EQ(kept.space.knob(1).values, full.space.knob(1).values);
  ASSERT_EQ(kept.space.size(), 16u);
  auto same = [](double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); };
  for (std::size_t i = 0; i < kept.space.size(); ++i) {
    const core::Config c = kept.space.config(i);
    core::Config at_full = c;
    at_full.level[0] =
        static_cast<int>(std::find(full.space.knob(0).values.begin(),
                                   full.space.knob(0).values.end(), kept.space.value(c, 0)) -
                         full.space.knob(0).values.begin());
    const std::size_t j = full.space.index(at_full);
    for (const auto& [name, metric] : full.metrics) {
      EXPECT_TRUE(same(kept.metrics.at(name).values[i], metric.values[j]))
          << name << " at " << kept.space.describe(c);
      EXPECT_TRUE(same(kept.metrics_std.at(name).values[i], full.metrics_std.at(name).values[j]))
          << name << " std at " << kept.space.describe(c);
    }
    for (std::size_t r = 0; r < 2; ++r) {
      EXPECT_TRUE(same(kept.repeats.at("power").values[i * 2 + r],
                       full.repeats.at("power").values[j * 2 + r]))
          << "repeat " << r << " at " << kept.space.describe(c);
    }
  }
  EXPECT_TRUE(traces::skipped_levels(kept).empty());
}

TEST(SkippedLevelsTest, AGridWithNoneIsReturnedAsIs) {
  const traces::Surface full = board({}, true);
  const traces::Surface kept = traces::without_skipped_levels(full);
  EXPECT_EQ(kept.space.knobs(), full.space.knobs());
  EXPECT_EQ(kept.metrics.at("throughput").values.size(),
            full.metrics.at("throughput").values.size());
}

}  // namespace
