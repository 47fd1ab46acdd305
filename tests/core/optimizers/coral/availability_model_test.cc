#include "core/optimizers/coral/availability_model.h"

#include <gtest/gtest.h>

#include <vector>

#include "core/optimizers/shared/knob_scale.h"

namespace {

// Two knobs of 8 levels each; knob 1 plays concurrency.
core::ConfigSpace space() {
  std::vector<double> levels{1, 2, 3, 4, 5, 6, 7, 8};
  return core::ConfigSpace({{"gpu_freq", "MHz", levels}, {"concurrency", "count", levels}});
}

// Where each level sits, as CORAL gives them to the model: by level index.
std::vector<std::vector<double>> positions(const core::ConfigSpace& s) {
  return core::knob_positions(s, core::KnobScale::kLevel);
}

struct Trial {
  int gpu, concurrency;  // levels
  bool ran;
};

// A history of one measurement per trial, in order.
core::TrialHistory history(const core::ConfigSpace& s, const std::vector<Trial>& trials) {
  core::TrialHistory h;
  h.reset(s);
  for (const Trial& t : trials) {
    core::Measurement m;
    m.config.level = {t.gpu, t.concurrency};
    m.available = t.ran;
    if (t.ran) m.throughput_fps = 10.0, m.power_w = 5.0;
    h.add(m);
  }
  return h;
}

// Out of memory from concurrency level 5 up, at every GPU clock.
const std::vector<Trial> kOutOfMemory = {{0, 0, true},  {7, 2, true},  {3, 4, true}, {5, 1, true},
                                         {2, 5, false}, {6, 7, false}, {0, 6, false}};

TEST(AvailabilityModelTest, EverythingRunsWhileNothingFailed) {
  const core::ConfigSpace s = space();
  const auto at = positions(s);
  const core::TrialHistory h = history(s, {{0, 0, true}, {7, 7, true}});
  const core::AvailabilityModel model(at, h, {0.0, 0.0}, true);
  for (int gpu = 0; gpu < 8; ++gpu) {
    for (int c = 0; c < 8; ++c) {
      const int levels[] = {gpu, c};
      EXPECT_EQ(model.probability(levels), 1.0);
    }
  }
}

TEST(AvailabilityModelTest, ASeparatingKnobDrawsABoundary) {
  const core::ConfigSpace s = space();
  const auto at = positions(s);
  const core::TrialHistory h = history(s, kOutOfMemory);
  const core::AvailabilityModel model(at, h, {0.2, 0.9}, true);
  for (int gpu = 0; gpu < 8; ++gpu) {
    for (int c = 5; c < 8; ++c) {
      const int levels[] = {gpu, c};
      EXPECT_EQ(model.probability(levels), 0.0) << gpu << "," << c;
    }
    const int low[] = {gpu, 1};
    EXPECT_GT(model.probability(low), 0.6) << gpu;
  }
}

// Of two knobs whose levels both separate the failures (the GPU clock only
// by chance here), the more relevant one draws the boundary.
TEST(AvailabilityModelTest, TheMoreRelevantOfTwoSeparatingKnobsWins) {
  const core::ConfigSpace s = space();
  const auto at = positions(s);
  const core::TrialHistory h = history(s, {{0, 0, true}, {1, 3, true}, {6, 6, false}});
  const int high_gpu_low_concurrency[] = {7, 1};
  const int low_gpu_high_concurrency[] = {1, 7};

  const core::AvailabilityModel by_concurrency(at, h, {0.3, 0.8}, true);
  EXPECT_GT(by_concurrency.probability(high_gpu_low_concurrency), 0.0);
  EXPECT_EQ(by_concurrency.probability(low_gpu_high_concurrency), 0.0);

  const core::AvailabilityModel by_gpu(at, h, {0.8, 0.3}, true);
  EXPECT_EQ(by_gpu.probability(high_gpu_low_concurrency), 0.0);
  EXPECT_GT(by_gpu.probability(low_gpu_high_concurrency), 0.0);
}

// Failures from two causes: out of memory from concurrency level 5 up, and
// one configuration that failed for a reason of its own. Four failures in a
// row beyond level 5 are more than the failure rate elsewhere (1 of 5)
// explains, so the boundary stands; with failures common elsewhere (3 of 7)
// they are not, and the model smooths.
TEST(AvailabilityModelTest, ATailThatAlwaysFailsIsABoundaryDespiteAStrayFailure) {
  const core::ConfigSpace s = space();
  const auto at = positions(s);
  std::vector<Trial> trials = kOutOfMemory;
  trials.push_back({1, 3, false});  // the stray failure
  trials.push_back({4, 5, false});
  const core::TrialHistory stray_failure = history(s, trials);
  const core::AvailabilityModel model(at, stray_failure, {0.2, 0.9}, true);
  for (int gpu = 0; gpu < 8; ++gpu) {
    const int beyond[] = {gpu, 6};
    EXPECT_EQ(model.probability(beyond), 0.0) << gpu;
  }
  const int below[] = {7, 2};
  EXPECT_GT(model.probability(below), 0.0);

  trials.push_back({6, 0, false});
  trials.push_back({3, 2, false});
  const core::TrialHistory common_failures = history(s, trials);
  const core::AvailabilityModel smoothing(at, common_failures, {0.2, 0.9}, true);
  const int far_from_failures[] = {0, 7};
  EXPECT_GT(smoothing.probability(far_from_failures), 0.0);
}

TEST(AvailabilityModelTest, WithoutASeparatingKnobItSmooths) {
  const core::ConfigSpace s = space();
  const auto at = positions(s);
  std::vector<Trial> trials = kOutOfMemory;
  trials.push_back({4, 7, true});  // breaks the concurrency boundary
  const core::TrialHistory h = history(s, trials);
  const core::AvailabilityModel model(at, h, {0.1, 0.9}, true);
  const int next_to_failures[] = {6, 6}, next_to_successes[] = {7, 2};
  const double bad = model.probability(next_to_failures),
               good = model.probability(next_to_successes);
  EXPECT_GT(bad, 0.0);
  EXPECT_LT(bad, 0.5);
  EXPECT_GT(good, 0.8);
}

// Relevance is what keeps an irrelevant knob from diluting the evidence: a
// configuration at a failing concurrency but a GPU clock far from every
// failure is unlikely to run when the GPU clock is called irrelevant (two
// failures against the prior's half point), and looks like it runs, as the
// prior says, when both knobs count alike (every measurement is far away).
TEST(AvailabilityModelTest, AnIrrelevantKnobDoesNotDiluteTheEvidence) {
  const core::ConfigSpace s = space();
  const auto at = positions(s);
  const core::TrialHistory h =
      history(s, {{0, 7, false}, {1, 7, false}, {0, 0, true}, {1, 1, true}});
  const int far_gpu_failing_concurrency[] = {7, 7};
  const core::AvailabilityModel weighted(at, h, {0.05, 1.0}, false);
  const core::AvailabilityModel isotropic(at, h, {1.0, 1.0}, false);
  EXPECT_LT(weighted.probability(far_gpu_failing_concurrency), 0.25);
  EXPECT_GT(isotropic.probability(far_gpu_failing_concurrency), 0.9);
}

}  // namespace
