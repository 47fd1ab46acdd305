#include "core/optimizers/list_search/list_search.h"

#include <gtest/gtest.h>

namespace {

core::ConfigSpace space() {
  return core::ConfigSpace({{"cpu_cores", "count", {2, 4, 6, 8}},
                            {"gpu_freq", "MHz", {306, 510, 624.75, 918}},
                            {"concurrency", "count", {1, 2, 3}}});
}

TEST(ListSearchTest, PowerModesCapEachKnobAtTheHighestValueWithinTheCap) {
  const auto list =
      core::power_mode_configurations(space(), {{"MAXN", {}},
                                                {"15W", {{"cpu_cores", 4}, {"gpu_freq", 600}}},
                                                {"tiny", {{"gpu_freq", 100}}}});
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0], (core::Config{{3, 3, 2}}));
  EXPECT_EQ(list[1], (core::Config{{1, 1, 2}}));
  EXPECT_EQ(list[2], (core::Config{{3, 0, 2}}));  // cap below every value: the lowest
}

TEST(ListSearchTest, MaxClocksAtEveryConcurrencyFromTheTop) {
  const auto list = core::max_clock_configurations(space());
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0], (core::Config{{3, 3, 2}}));
  EXPECT_EQ(list[2], (core::Config{{3, 3, 0}}));
}

TEST(ListSearchTest, ShuffledIsAPermutationAndSeeded) {
  std::mt19937_64 a(1), b(1), c(2);
  const auto x = core::shuffled_configurations(space(), a);
  EXPECT_EQ(x, core::shuffled_configurations(space(), b));
  EXPECT_NE(x, core::shuffled_configurations(space(), c));
  auto sorted = x;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, core::all_configurations(space()));
}

}  // namespace
