#include "core/run.h"

#include <gtest/gtest.h>

#include "core/optimizers/registry.h"
#include "core/oracle.h"
#include "sim/surface_device.h"
#include "tests/support/fake_devices.h"
#include "tests/support/tiny_surface.h"

namespace {

std::shared_ptr<const traces::Surface> surface() {
  return std::make_shared<const traces::Surface>(testing_support::two_knob_surface(0.01));
}

TEST(RunTest, LoopOwnsTheTrialBudget) {
  sim::SurfaceDevice inner(surface(), 1);
  testing_support::CountingDevice device(inner);
  auto optimizer = core::make_optimizer("exhaustive");
  core::Budget budget;
  budget.max_trials = 7;
  const core::RunLog log =
      core::run(*optimizer, device, core::Goal::max_throughput(20.0), budget, 3);
  EXPECT_EQ(device.trials, 7);
  EXPECT_EQ(log.trials.size(), 7u);
  EXPECT_DOUBLE_EQ(log.board_seconds, 7 * 7.0);
  EXPECT_FALSE(log.stopped_early);
}

TEST(RunTest, BoardSecondsBudgetStopsTheRun) {
  sim::SurfaceDevice inner(surface(), 1);
  auto optimizer = core::make_optimizer("random");
  core::Budget budget;
  budget.max_trials = 100;
  budget.max_board_seconds = 30.0;  // 7 s per trial -> 5 trials
  const core::RunLog log =
      core::run(*optimizer, inner, core::Goal::max_throughput(20.0), budget, 3);
  EXPECT_EQ(log.trials.size(), 5u);
}

TEST(RunTest, CountsTrialsOverThePowerBudgetAndStopsEarlyWhenDone) {
  sim::SurfaceDeviceOptions exact;
  exact.noise = false;
  sim::SurfaceDevice device(surface(), 1, exact);
  auto optimizer = core::make_optimizer("exhaustive");
  core::Budget budget;
  budget.max_trials = 1000;
  const core::Goal goal = core::Goal::max_throughput(12.0);
  std::size_t observed = 0;
  const core::RunLog log = core::run(*optimizer, device, goal, budget, 3,
                                     [&](std::size_t, const core::Measurement&) { ++observed; });
  EXPECT_TRUE(log.stopped_early);
  EXPECT_EQ(log.trials.size(), device.space().size());
  EXPECT_EQ(observed, log.trials.size());
  int over = 0;
  for (const auto& m : log.trials) over += m.power_w > 12.0;
  EXPECT_EQ(log.budget_violations, over);
  EXPECT_GT(over, 0);
  // Exhaustive on the noise-free device is the oracle.
  const core::OracleResult oracle = core::exhaustive_optimum(device, goal);
  ASSERT_TRUE(log.recommended && oracle.best);
  EXPECT_EQ(*log.recommended, *oracle.best);
}

}  // namespace
