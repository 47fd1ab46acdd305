#include "core/goal.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/errors.h"

namespace {

TEST(GoalTest, FeasibilityChecksEachConstraint) {
  const core::Goal dual = core::Goal::dual(10.0, 50.0);
  EXPECT_TRUE(dual.feasible(50.0, 10.0));
  EXPECT_FALSE(dual.feasible(49.9, 9.0));
  EXPECT_FALSE(dual.feasible(60.0, 10.1));
  EXPECT_FALSE(dual.feasible(NAN, 5.0));
  EXPECT_TRUE(core::Goal::max_throughput(std::nullopt).feasible(1.0, 1000.0));
  EXPECT_EQ(dual.kind(), "dual");
  EXPECT_EQ(core::Goal::min_power(3).kind(), "min-power");
  EXPECT_EQ(core::Goal::max_throughput(5).kind(), "max-throughput");
}

TEST(GoalTest, BetterComparesObjectiveThenTieBreaks) {
  const core::Goal fps = core::Goal::max_throughput(20.0);
  EXPECT_TRUE(fps.better(100, 15, 90, 5));
  EXPECT_TRUE(fps.better(100, 10, 100, 12));  // equal fps: less power wins
  EXPECT_FALSE(fps.better(100, 12, 100, 12));
  const core::Goal watts = core::Goal::min_power(50.0);
  EXPECT_TRUE(watts.better(60, 8, 90, 9));
  EXPECT_TRUE(watts.better(70, 8, 60, 8));  // equal power: more fps wins
}

TEST(GoalTest, ScoreIsRatioToOracleAndZeroWhenInfeasible) {
  EXPECT_DOUBLE_EQ(core::score(core::Goal::max_throughput(20.0), 90, 19, 100, 20), 0.9);
  EXPECT_DOUBLE_EQ(core::score(core::Goal::max_throughput(20.0), 120, 21, 100, 20), 0.0);
  EXPECT_DOUBLE_EQ(core::score(core::Goal::min_power(50.0), 55, 10, 50, 8), 0.8);
  EXPECT_DOUBLE_EQ(core::score(core::Goal::dual(10.0, 50.0), 49, 8, 50, 8), 0.0);
}

TEST(GoalTest, ValidateNamesTheBadFlag) {
  try {
    core::Goal::max_throughput(-3.0).validate();
    FAIL();
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("--power-budget"), std::string::npos);
  }
  EXPECT_THROW(core::Goal::min_power(0.0).validate(), core::InputError);
  core::Goal no_target;
  no_target.objective = core::Objective::kMinPower;
  EXPECT_THROW(no_target.validate(), core::InputError);
  EXPECT_NO_THROW(core::Goal::dual(10, 20).validate());
}

}  // namespace
