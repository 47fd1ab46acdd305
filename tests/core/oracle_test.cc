#include "core/oracle.h"

#include <gtest/gtest.h>

#include "sim/surface_device.h"
#include "tests/support/tiny_surface.h"

namespace {

TEST(OracleTest, MatchesBruteForceOnEveryGoal) {
  auto surface = std::make_shared<const traces::Surface>(testing_support::two_knob_surface());
  sim::SurfaceDeviceOptions exact;
  exact.noise = false;
  sim::SurfaceDevice device(surface, 0, exact);
  const auto& fps = surface->throughput_fps();
  const auto& watts = surface->power_w();
  for (const core::Goal& goal :
       {core::Goal::max_throughput(12.0), core::Goal::max_throughput(std::nullopt),
        core::Goal::min_power(60.0), core::Goal::dual(20.0, 60.0)}) {
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < surface->space.size(); ++i) {
      if (!goal.feasible(fps[i], watts[i])) continue;
      if (!best ||
          goal.objective_value(fps[i], watts[i]) > goal.objective_value(fps[*best], watts[*best]))
        best = i;
    }
    const core::OracleResult oracle = core::exhaustive_optimum(device, goal);
    ASSERT_TRUE(best.has_value());
    ASSERT_TRUE(oracle.best.has_value()) << goal.describe();
    EXPECT_DOUBLE_EQ(goal.objective_value(oracle.throughput_fps, oracle.power_w),
                     goal.objective_value(fps[*best], watts[*best]))
        << goal.describe();
    EXPECT_EQ(oracle.configurations, 24u);
  }
}

TEST(OracleTest, NothingFeasibleIsAResultNotAnError) {
  auto surface = std::make_shared<const traces::Surface>(testing_support::two_knob_surface());
  sim::SurfaceDeviceOptions exact;
  exact.noise = false;
  sim::SurfaceDevice device(surface, 0, exact);
  const core::OracleResult oracle =
      core::exhaustive_optimum(device, core::Goal::max_throughput(1.0));
  EXPECT_FALSE(oracle.best.has_value());
  EXPECT_EQ(oracle.feasible, 0u);
  EXPECT_EQ(oracle.available, 24u);
}

}  // namespace
