// rank_knobs: distance correlation finds which knob drives which metric,
// the trend's direction, and which knob decides failures.
#include "core/optimizers/coral/knob_ranking.h"

#include <gtest/gtest.h>

namespace {

const core::ConfigSpace& space() {
  static const core::ConfigSpace s(
      {{"gpu_freq", "MHz", {300, 600, 900, 1200}}, {"concurrency", "count", {1, 2, 3, 4}}});
  return s;
}

// fps grows with the GPU clock only; power falls with concurrency only
// (an odd board, to see the sign).
core::Measurement reading(int gpu, int streams) {
  core::Measurement m;
  m.config = core::Config{{gpu, streams}};
  m.throughput_fps = 10.0 + 5.0 * gpu;
  m.power_w = 20.0 - 3.0 * streams;
  return m;
}

TEST(KnobRankingTest, EachMetricFollowsItsKnobWithItsSign) {
  core::TrialHistory history;
  history.reset(space());
  for (int g = 0; g < 4; ++g)
    for (int c = 0; c < 4; ++c) history.add(reading(g, c));
  const auto influence = core::rank_knobs(space(), history);
  ASSERT_EQ(influence.size(), 2u);
  EXPECT_NEAR(influence[0].dcor_fps, 1.0, 1e-12);  // fps is a linear function of the GPU level
  EXPECT_NEAR(influence[1].dcor_fps, 0.0, 1e-12);  // and independent of concurrency
  EXPECT_NEAR(influence[0].dcor_w, 0.0, 1e-12);
  EXPECT_NEAR(influence[1].dcor_w, 1.0, 1e-12);
  EXPECT_EQ(influence[0].fps_sign, 1);
  EXPECT_EQ(influence[1].w_sign, -1);
  EXPECT_GT(influence[0].gain(), influence[1].gain());
  EXPECT_EQ(influence[0].dcor_available, 0.0) << "everything ran";
}

TEST(KnobRankingTest, TooFewPointsLeaveEveryKnobNeutral) {
  core::TrialHistory history;
  history.reset(space());
  for (int g = 0; g < 3; ++g) history.add(reading(g, 0));
  for (const core::KnobInfluence& k : core::rank_knobs(space(), history)) {
    EXPECT_EQ(k.dcor_fps, 1.0);
    EXPECT_EQ(k.dcor_w, 1.0);
  }
}

TEST(KnobRankingTest, FailuresAreTracedToTheKnobThatDecidesThem) {
  core::TrialHistory history;
  history.reset(space());
  for (int g = 0; g < 4; ++g) {
    for (int c = 0; c < 4; ++c) {
      core::Measurement m = reading(g, c);
      if (c == 3) {  // out of memory
        m = core::Measurement{};
        m.config = core::Config{{g, c}};
        m.available = false;
      }
      history.add(m);
    }
  }
  const auto influence = core::rank_knobs(space(), history);
  EXPECT_GT(influence[1].dcor_available, 0.5);
  EXPECT_NEAR(influence[0].dcor_available, 0.0, 1e-12);
}

}  // namespace
