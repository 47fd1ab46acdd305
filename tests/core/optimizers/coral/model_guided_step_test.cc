// ModelGuidedStep: with a few readings of a smooth board it proposes an
// unmeasured configuration where the surrogate expects the objective to
// improve; with too few readings it leaves the choice to the pattern search.
#include "core/optimizers/coral/model_guided_step.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/optimizers/shared/knob_scale.h"

namespace {

const core::ConfigSpace& space() {
  static const core::ConfigSpace s({{"gpu_freq", "MHz", {300, 500, 700, 900, 1100, 1300}},
                                    {"concurrency", "count", {1, 2, 3, 4, 5, 6}}});
  return s;
}

// fps and power both rise with the GPU clock; concurrency adds a little fps.
core::Measurement reading(int gpu, int streams) {
  core::Measurement m;
  m.config = core::Config{{gpu, streams}};
  const double g = space().knob(0).values[static_cast<std::size_t>(gpu)];
  m.throughput_fps = g / 20.0 * (1.0 + 0.05 * streams);
  m.power_w = 3.0 + g / 100.0;
  return m;
}

struct Step {
  core::TrialHistory history;
  core::NoiseEstimate noise{0.015, 2.5};
  std::vector<std::vector<double>> positions =
      core::knob_positions(space(), core::KnobScale::kLevel);
  std::vector<double> relevance = {1.0, 0.3};
  core::ModelGuidedStep step{300};

  Step() {
    history.reset(space());
    noise.update(history);
    step.start(space());
  }
  std::optional<core::ModelGuidedStep::Proposal> next(const core::Goal& goal, std::uint64_t seed) {
    const core::AvailabilityModel available(positions, history, {0.0, 0.0}, true);
    std::mt19937_64 rng(seed);
    return step.next(
        {history, goal, history.best_feasible(goal), available, relevance, relevance, noise}, rng);
  }
};

TEST(ModelGuidedStepTest, WaitsForThreeReadings) {
  Step s;
  s.history.add(reading(0, 0));
  s.history.add(reading(5, 5));
  EXPECT_FALSE(s.next(core::Goal::max_throughput(12.0), 1));
}

TEST(ModelGuidedStepTest, ProposesAnUnmeasuredImprovementUnderTheBudget) {
  Step s;
  for (const auto& [g, c] : {std::pair{0, 0}, {2, 3}, {5, 5}, {1, 1}, {4, 2}})
    s.history.add(reading(g, c));
  const core::Goal goal = core::Goal::max_throughput(12.5);  // GPU level 4 (1100 MHz: 14 W) is over
  const auto proposal = s.next(goal, 3);
  ASSERT_TRUE(proposal);
  const core::Config& c = proposal->config;
  EXPECT_FALSE(s.history.measured(c));
  // Better than the incumbent (700 MHz, 4 streams: 40.25 fps) and under the
  // budget on the true board.
  const core::Measurement truth = reading(c.level[0], c.level[1]);
  EXPECT_LE(truth.power_w, 12.5) << c.level[0] << "," << c.level[1];
  EXPECT_GT(truth.throughput_fps, 40.25) << c.level[0] << "," << c.level[1];
  // The prediction the drift test compares the reading with: within three
  // of its deviations of the truth on this smooth board, and not so wide
  // that any reading would agree with it (10% in log space).
  const core::LogPrediction& p = proposal->predicted;
  EXPECT_LT(std::abs(std::log(truth.throughput_fps) - p.fps_mean), 3 * p.fps_sd + 0.02);
  EXPECT_LT(std::abs(std::log(truth.power_w) - p.w_mean), 3 * p.w_sd + 0.02);
  EXPECT_LT(p.fps_sd, 0.1);
  EXPECT_LT(p.w_sd, 0.1);
  const auto again = s.next(goal, 3);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->config, c) << "same generator, same proposal";
}

}  // namespace
