// PatternSearch: which moves come first for each goal, and how steps adapt.
#include "core/optimizers/coral/pattern_search.h"

#include <gtest/gtest.h>

namespace {

// Two knobs of 9 levels: knob 0 buys throughput, knob 1 costs power only.
const core::ConfigSpace& space() {
  static const core::ConfigSpace s({{"gpu_freq", "MHz", {1, 2, 3, 4, 5, 6, 7, 8, 9}},
                                    {"cpu_freq", "MHz", {1, 2, 3, 4, 5, 6, 7, 8, 9}}});
  return s;
}

struct Priority : core::DcorPriority {
  Priority() {
    start(space());
    influence_[0].dcor_fps = 0.9, influence_[0].dcor_w = 0.5;
    influence_[1].dcor_fps = 0.1, influence_[1].dcor_w = 0.9;
  }
};

core::TrialHistory::Entry base(double fps, double w) {
  core::TrialHistory::Entry e;
  e.config = core::Config{{4, 4}};
  e.count = 1;
  e.mean_fps = e.min_fps = fps;
  e.mean_w = e.max_w = w;
  return e;
}

TEST(PatternSearchTest, StepsStartAtAFractionOfTheLevels) {
  core::PatternSearch search(0.25, 0.03);
  search.start(space());
  const auto moves = search.ranked_moves(base(50, 5), core::Goal::max_throughput(20.0), Priority());
  ASSERT_FALSE(moves.empty());
  // lround(9 * 0.25) = 2 levels: raise the throughput knob first, far from the budget.
  EXPECT_EQ(moves.front().config, (core::Config{{6, 4}}));
  EXPECT_EQ(moves.front().knobs, (std::vector<int>{0}));
  EXPECT_FALSE(search.at_finest());
}

TEST(PatternSearchTest, AtTheBudgetTradesComeFirstAndOverItCheaperMoves) {
  core::PatternSearch search(0.25, 0.03);
  search.start(space());
  const core::Goal goal = core::Goal::max_throughput(20.0);
  const auto at_budget = search.ranked_moves(base(50, 19.9), goal, Priority());
  EXPECT_EQ(at_budget.front().knobs, (std::vector<int>{0, 1}));  // raise 0, lower 1
  EXPECT_EQ(at_budget.front().config, (core::Config{{6, 2}}));
  const auto over = search.ranked_moves(base(50, 25), goal, Priority());
  EXPECT_EQ(over.front().config, (core::Config{{4, 2}})) << "lower the power knob first";
}

TEST(PatternSearchTest, MinPowerLowersWhatCostsPowerForLittleThroughput) {
  core::PatternSearch search(0.25, 0.03);
  search.start(space());
  const auto moves = search.ranked_moves(base(50, 10), core::Goal::min_power(30.0), Priority());
  EXPECT_EQ(moves.front().config, (core::Config{{4, 2}}));
}

TEST(PatternSearchTest, StepsDoubleOnSuccessHalveOnFailureAndRefineToOne) {
  core::PatternSearch search(0.25, 0.03);
  search.start(space());
  const core::PatternSearch::Move raise{core::Config{{6, 4}}, {0}};
  search.adapt(raise, true);  // 2 -> 4 (capped at half the levels)
  auto moves = search.ranked_moves(base(50, 5), core::Goal::max_throughput(20.0), Priority());
  EXPECT_EQ(moves.front().config, (core::Config{{8, 4}})) << "4 levels up: the top level";
  search.adapt(raise, false);
  search.adapt(raise, false);  // 4 -> 2 -> 1
  search.refine();             // knob 1: 2 -> 1
  EXPECT_TRUE(search.at_finest());
  search.refine();
  EXPECT_TRUE(search.at_finest()) << "never below one level";
}

}  // namespace
