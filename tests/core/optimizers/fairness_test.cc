// Every registered optimizer plays by the same rules: the trial budget, the
// space, and recommending only what it measured to meet the goal.
#include <gtest/gtest.h>

#include "core/errors.h"
#include "core/optimizers/registry.h"
#include "core/run.h"
#include "sim/surface_device.h"
#include "tests/support/fake_devices.h"
#include "tests/support/tiny_surface.h"

namespace {

core::OptimizerContext context_for(const traces::Surface& surface) {
  core::OptimizerContext context;
  context.power_modes = {{"full", {}}, {"half", {{"gpu_freq", 700.0}, {"emc_freq", 1600.0}}}};
  auto training = std::make_shared<core::TrainingSurface>();
  training->name = "other";
  training->device = "other-board";
  training->model = "other-model";
  training->space = surface.space;
  training->throughput_fps = surface.throughput_fps();
  training->power_w = surface.power_w();
  context.training_surfaces.push_back(training);
  return context;
}

TEST(FairnessTest, EveryOptimizerRespectsBudgetSpaceAndMeasuredFeasibility) {
  auto surface = std::make_shared<const traces::Surface>(testing_support::two_knob_surface(0.02));
  const core::OptimizerContext context = context_for(*surface);
  ASSERT_FALSE(core::optimizer_catalog().empty());
  for (const core::OptimizerInfo& info : core::optimizer_catalog()) {
    for (const core::Goal& goal : {core::Goal::max_throughput(15.0), core::Goal::min_power(50.0),
                                   core::Goal::dual(18.0, 50.0)}) {
      for (int trials : {1, 5, 12}) {
        sim::SurfaceDevice inner(surface, 5);
        testing_support::CountingDevice device(inner);
        auto optimizer = core::make_optimizer(info.name, context);
        core::Budget budget;
        budget.max_trials = trials;
        const core::RunLog log = core::run(*optimizer, device, goal, budget, 9);
        EXPECT_LE(device.trials, trials) << info.name;
        EXPECT_EQ(device.out_of_space, 0) << info.name;
        if (!log.recommended) continue;
        bool seen = false;
        for (const core::Measurement& m : log.trials) {
          if (m.config != *log.recommended) continue;
          seen = true;
          EXPECT_TRUE(goal.feasible(m.throughput_fps, m.power_w))
              << info.name << " " << goal.describe();
        }
        EXPECT_TRUE(seen) << info.name << " recommended a configuration it never measured";
      }
    }
  }
}

TEST(FairnessTest, UnknownOptimizerListsTheKnownOnes) {
  try {
    core::make_optimizer("simulated-annealing");
    FAIL();
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("coral"), std::string::npos) << e.what();
  }
}

}  // namespace
