// TrialHistory: what every optimizer's "best as measured" rests on.
#include "core/trial_history.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/support/readings.h"

namespace {

const core::ConfigSpace& space() {
  static const core::ConfigSpace s({{"gpu_freq", "MHz", {300, 600, 900}}});
  return s;
}

using testing_support::reading;

TEST(TrialHistoryTest, PoolsRepeatedReadingsWithWelfordAndKeepsTheWorstAndTheFirst) {
  core::TrialHistory h;
  h.reset(space());
  for (double w : {9.0, 11.0, 10.0}) h.add(reading(1, 20.0 - (w - 10.0), w));
  ASSERT_EQ(h.entries().size(), 1u);
  const core::TrialHistory::Entry& e = h.entries().front();
  EXPECT_EQ(e.count, 3);
  EXPECT_EQ(e.index, 1u);
  EXPECT_DOUBLE_EQ(e.mean_w, 10.0);
  EXPECT_DOUBLE_EQ(e.m2_w, 2.0);  // sample variance m2 / (n - 1) = 1
  EXPECT_DOUBLE_EQ(e.mean_fps, 20.0);
  EXPECT_DOUBLE_EQ(e.max_w, 11.0);
  EXPECT_DOUBLE_EQ(e.min_fps, 19.0);
  EXPECT_DOUBLE_EQ(e.first_w, 9.0);
  EXPECT_DOUBLE_EQ(e.first_fps, 21.0);
  EXPECT_EQ(h.num_trials(), 3u);
  EXPECT_TRUE(h.measured(core::Config{{1}}));
  EXPECT_FALSE(h.measured(core::Config{{0}}));
  EXPECT_EQ(h.find(core::Config{{0}}), nullptr);
}

TEST(TrialHistoryTest, FeasibilityIsJudgedOnTheWorstReading) {
  core::TrialHistory h;
  h.reset(space());
  h.add(reading(1, 30, 9.0));
  h.add(reading(1, 30, 10.5));  // mean 9.75 W is under 10 W, one reading is not
  const core::Goal goal = core::Goal::max_throughput(10.0);
  EXPECT_FALSE(core::TrialHistory::feasible(goal, h.entries().front()));
  EXPECT_EQ(h.best_feasible(goal), nullptr);
  EXPECT_FALSE(h.best_feasible_config(goal));
}

TEST(TrialHistoryTest, BestAsMeasuredFollowsTheGoalAndTiesGoToTheFirstMeasured) {
  core::TrialHistory h;
  h.reset(space());
  h.add(reading(0, 10, 5));
  h.add(reading(2, 30, 12));  // fastest, over a 10 W budget
  h.add(reading(1, 20, 8));
  EXPECT_EQ(h.best_feasible_config(core::Goal::max_throughput(10.0)), (core::Config{{1}}));
  EXPECT_EQ(h.best_feasible_config(core::Goal::max_throughput(std::nullopt)), (core::Config{{2}}));
  EXPECT_EQ(h.best_feasible_config(core::Goal::min_power(15.0)), (core::Config{{1}}));

  core::TrialHistory tie;
  tie.reset(space());
  tie.add(reading(2, 20, 8));
  tie.add(reading(0, 20, 8));
  EXPECT_EQ(tie.best_feasible_config(core::Goal::max_throughput(10.0)), (core::Config{{2}}));
}

TEST(TrialHistoryTest, AnUnavailableReadingMakesTheConfigurationUnavailable) {
  core::TrialHistory h;
  h.reset(space());
  h.add(reading(0, 10, 5));
  core::Measurement failed;
  failed.config = core::Config{{0}};
  failed.available = false;
  h.add(failed);
  EXPECT_FALSE(h.entries().front().available);
  EXPECT_EQ(h.best_feasible(core::Goal::max_throughput(10.0)), nullptr);
}

TEST(TrialHistoryTest, ResetForgetsEverything) {
  core::TrialHistory h;
  h.reset(space());
  h.add(reading(0, 10, 5));
  h.reset(space());
  EXPECT_TRUE(h.entries().empty());
  EXPECT_EQ(h.num_trials(), 0u);
  EXPECT_FALSE(h.measured(core::Config{{0}}));
}

}  // namespace
