// The offline-trained baselines (dvfo, maple-edge) meet every goal kind on a
// held-out board, deterministically.
#include <gtest/gtest.h>

#include "core/optimizers/dvfo/dvfo_tuner.h"
#include "core/optimizers/maple_edge/maple_edge_tuner.h"
#include "tests/support/learned_boards.h"

namespace {

using testing_support::held_out;
using testing_support::training_set;

TEST(LearnedBaselinesTest, MeetEveryGoalTypeAndAreDeterministic) {
  auto policy = std::make_shared<const core::DvfoPolicy>(
      core::train_dvfo(training_set(), core::DvfoTrainingOptions{}, 7));
  auto model =
      std::make_shared<const core::MapleEdgeModel>(core::train_maple_edge(training_set(), {}, 5));
  auto surface = held_out();
  for (int which = 0; which < 2; ++which) {
    for (const core::Goal& goal : {core::Goal::max_throughput(35.0), core::Goal::min_power(60.0),
                                   core::Goal::dual(40.0, 60.0)}) {
      std::vector<std::vector<core::Config>> proposals;
      for (int repeat = 0; repeat < 2; ++repeat) {
        sim::SurfaceDevice device(surface, 4);
        std::unique_ptr<core::Optimizer> optimizer;
        if (which == 0)
          optimizer = std::make_unique<core::DvfoTuner>(policy);
        else
          optimizer = std::make_unique<core::MapleEdgeTuner>(model);
        const core::RunLog log = core::run(*optimizer, device, goal, core::Budget{}, 9);
        ASSERT_TRUE(log.recommended) << which << " " << goal.describe();
        const std::size_t i = surface->space.index(*log.recommended);
        EXPECT_TRUE(goal.feasible(surface->throughput_fps()[i], surface->power_w()[i]))
            << which << " " << goal.describe();
        proposals.emplace_back();
        for (const core::Measurement& m : log.trials) proposals.back().push_back(m.config);
      }
      EXPECT_EQ(proposals[0], proposals[1]);
    }
  }
}

}  // namespace
