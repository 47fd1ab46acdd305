// Splitting a sweep into shards: every run in exactly one shard, the same
// split on every invocation, shards balanced by expected cost (not count),
// and "K/N" parsed strictly.
#include "experiments/cluster/sweep_shards.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <set>

#include "core/errors.h"
#include "tests/support/learned_boards.h"

namespace {

using experiments::ShardSpec;

// Two boards, the paper scenarios, a dear, a middling and a cheap method.
experiments::SweepPlan plan_of(std::vector<std::string> optimizers, int seeds) {
  experiments::SweepPlan plan;
  plan.surfaces = {testing_support::board(40, 120, 4), testing_support::board(80, 60, 6)};
  plan.optimizers = std::move(optimizers);
  plan.scenarios = experiments::find_scenario_set("paper");
  plan.seeds = seeds;
  return plan;
}

double cost_of(const experiments::SweepPlan& plan, const std::vector<experiments::SweepRun>& runs) {
  double total = 0;
  for (const auto& run : runs) total += experiments::expected_run_cost(plan, run);
  return total;
}

TEST(SweepShardsTest, EveryRunIsInExactlyOneShardForAnyShardCount) {
  const auto plan = plan_of({"exhaustive", "bo", "coral", "random"}, 3);
  const std::size_t runs = plan.num_runs();
  for (const int count : {1, 2, 3, 7, 50, static_cast<int>(runs)}) {
    std::vector<int> owner(runs, -1);
    for (int k = 0; k < count; ++k) {
      const auto shard = experiments::shard_runs(plan, ShardSpec{k, count});
      EXPECT_FALSE(shard.empty()) << k << "/" << count;
      EXPECT_TRUE(std::is_sorted(shard.begin(), shard.end(),
                                 [](const auto& a, const auto& b) { return a.id < b.id; }));
      for (const auto& run : shard) {
        ASSERT_LT(run.id, runs);
        EXPECT_EQ(owner[run.id], -1) << "run " << run.id << " in two shards";
        owner[run.id] = k;
      }
    }
    EXPECT_EQ(std::count(owner.begin(), owner.end(), -1), 0) << count << " shards leave a run out";
  }
  EXPECT_THROW(experiments::shard_runs(plan, ShardSpec{0, static_cast<int>(runs) + 1}),
               core::InputError);
}

// The rule worked by hand: one board, the smoke scenarios, bo and
// static-maxn, 2 seeds = 12 runs (per scenario: bo 0-1, static 2-3). The six
// equal bo runs are dealt first, alternately from shard 0 (ties: lower run
// id, lower shard); the six cheap static runs then alternate the same way.
TEST(SweepShardsTest, TheSplitFollowsTheDocumentedRule) {
  experiments::SweepPlan plan = plan_of({"bo", "static-maxn"}, 2);
  plan.surfaces.resize(1);
  plan.scenarios = experiments::find_scenario_set("smoke");
  ASSERT_EQ(plan.num_runs(), 12u);
  const auto ids = [&](int k) {
    std::vector<std::size_t> out;
    for (const auto& run : experiments::shard_runs(plan, ShardSpec{k, 2})) out.push_back(run.id);
    return out;
  };
  EXPECT_EQ(ids(0), (std::vector<std::size_t>{0, 2, 4, 6, 8, 10}));
  EXPECT_EQ(ids(1), (std::vector<std::size_t>{1, 3, 5, 7, 9, 11}));
  // One seed: three bo runs (0, 2, 4) and three static ones (1, 3, 5). Shard
  // 0 takes two bo runs, so shard 1 takes the third and every static run:
  // balanced by cost, 2 runs against 4.
  plan.seeds = 1;
  EXPECT_EQ(ids(0), (std::vector<std::size_t>{0, 4}));
  EXPECT_EQ(ids(1), (std::vector<std::size_t>{1, 2, 3, 5}));
}

TEST(SweepShardsTest, ShardsAreBalancedByExpectedCostNotByCount) {
  const auto plan = plan_of({"exhaustive", "bo", "static-maxn", "random"}, 10);
  const int count = 4;
  std::vector<double> costs;
  for (int k = 0; k < count; ++k) {
    const auto shard = experiments::shard_runs(plan, ShardSpec{k, count});
    costs.push_back(cost_of(plan, shard));
  }
  const auto [least, most] = std::minmax_element(costs.begin(), costs.end());
  EXPECT_LT(*most / *least, 1.02) << "shards' expected costs are within 2%";
  // A bo run costs far more than a static one: equal costs need unequal counts.
  const auto runs = experiments::enumerate_runs(plan);
  ASSERT_EQ(runs[10].optimizer, 1u);  // bo
  ASSERT_EQ(runs[20].optimizer, 2u);  // static-maxn
  EXPECT_GT(experiments::expected_run_cost(plan, runs[10]),
            50 * experiments::expected_run_cost(plan, runs[20]));
}

TEST(SweepShardsTest, ParsesKOverNStrictly) {
  const ShardSpec spec = experiments::parse_shard("3/8");
  EXPECT_EQ(spec.index, 3);
  EXPECT_EQ(spec.count, 8);
  EXPECT_EQ(spec.text(), "3/8");
  EXPECT_EQ(experiments::parse_shard("0/1").count, 1);
  for (const char* bad :
       {"", "3", "8/8", "9/8", "-1/4", "1/0", "a/4", "1/4x", "1 /4", "/4", "1/"}) {
    EXPECT_THROW(experiments::parse_shard(bad), core::InputError) << "'" << bad << "'";
  }
}

}  // namespace

// A plug-in's cost comes from the plan (a pilot run), not from a table: the
// split follows it, and a plug-in without one is refused, not guessed.
TEST(SweepShardsTest, APlugInIsCostedAsMeasuredAndRefusedWithoutACost) {
  const std::string plugin = "py:mine.py:Mine";
  const auto plan = plan_of({"coral", plugin}, 2);
  EXPECT_THROW(experiments::shard_runs(plan, ShardSpec{0, 2}), core::InputError);
  const auto runs = experiments::enumerate_runs(plan);
  ASSERT_EQ(runs[2].optimizer, 1u);  // the plug-in
  const experiments::MeasuredCosts dear = {{plugin, {6600, 0}}};
  EXPECT_DOUBLE_EQ(experiments::expected_run_cost(plan, runs[2], dear),
                   100 * experiments::expected_run_cost(plan, runs[0], dear));
  // Half the plug-in's runs cost as much as all of coral's: each of two
  // shards takes about half of the plug-in's runs, whatever their count.
  std::size_t plugin_runs = 0;
  for (const auto& run : experiments::shard_runs(plan, ShardSpec{0, 2}, dear))
    plugin_runs += run.optimizer == 1u;
  EXPECT_NEAR(static_cast<double>(plugin_runs), plan.num_runs() / 4.0, 1.0);
}

TEST(SweepShardsTest, ParsesACostStrictly) {
  const auto [name, cost] = experiments::parse_cost("py:a=b.py:C=2500");
  EXPECT_EQ(name, "py:a=b.py:C");
  EXPECT_DOUBLE_EQ(cost.per_trial_us, 2500);
  for (const char* bad : {"", "=5", "py:x.py:C", "py:x.py:C=", "py:x.py:C=0", "py:x.py:C=-3",
                          "py:x.py:C=nan", "py:x.py:C=inf", "py:x.py:C=5us"}) {
    EXPECT_THROW(experiments::parse_cost(bad), core::InputError) << "'" << bad << "'";
  }
}
