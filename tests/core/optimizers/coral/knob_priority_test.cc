// KnobPriority: dCor ranks knobs by a key and weighs them by relevance; the
// uniform ablation ignores both and reshuffles with the run's generator.
#include "core/optimizers/coral/knob_priority.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace {

const core::ConfigSpace& space() {
  static const core::ConfigSpace s({{"cpu_freq", "MHz", {1, 2, 3, 4}},
                                    {"gpu_freq", "MHz", {1, 2, 3, 4}},
                                    {"concurrency", "count", {1, 2, 3, 4}}});
  return s;
}

// fps follows the GPU level, power the CPU level.
core::TrialHistory history() {
  core::TrialHistory h;
  h.reset(space());
  for (int i = 0; i < 8; ++i) {
    core::Measurement m;
    m.config = core::Config{{(i * 3) % 4, i % 4, (i / 2) % 4}};
    m.throughput_fps = 10.0 + 7.0 * m.config.level[1];
    m.power_w = 5.0 + 2.0 * m.config.level[0];
    h.add(m);
  }
  return h;
}

TEST(KnobPriorityTest, DcorOrdersByKeyAndWeighsByRelevance) {
  core::DcorPriority priority;
  priority.start(space());
  EXPECT_EQ(priority.relevance(&core::KnobInfluence::dcor_fps), (std::vector<double>{1, 1, 1}));
  std::mt19937_64 rng(1);
  const std::mt19937_64 untouched = rng;
  priority.update(space(), history(), rng);
  EXPECT_EQ(rng, untouched) << "dCor ranking draws nothing";
  const auto fps = priority.relevance(&core::KnobInfluence::dcor_fps);
  EXPECT_EQ(std::max_element(fps.begin(), fps.end()) - fps.begin(), 1);
  const auto& inf = priority.influence();
  EXPECT_EQ(priority.order([&](int k) { return inf[k].dcor_fps; }).front(), 1);
  EXPECT_EQ(priority.order([&](int k) { return inf[k].dcor_w; }).front(), 0);
  // Ties keep knob order.
  EXPECT_EQ(priority.order([](int) { return 0.0; }), (std::vector<int>{0, 1, 2}));
  EXPECT_TRUE(priority.finds_boundaries());
}

TEST(KnobPriorityTest, UniformIgnoresTheDataAndReshufflesPerStep) {
  core::UniformPriority priority;
  priority.start(space());
  EXPECT_EQ(priority.order([](int k) { return k; }), (std::vector<int>{0, 1, 2}));
  std::mt19937_64 a(5), b(5);
  priority.update(space(), history(), a);
  const std::vector<int> first = priority.order([](int k) { return k; });
  EXPECT_EQ(priority.order([](int k) { return -k; }), first) << "one order serves every key";
  EXPECT_EQ(priority.relevance(&core::KnobInfluence::dcor_w), (std::vector<double>{1, 1, 1}));
  EXPECT_FALSE(priority.finds_boundaries());
  core::UniformPriority again;
  again.start(space());
  again.update(space(), history(), b);
  EXPECT_EQ(again.order([](int k) { return k; }), first) << "same seed, same order";
  std::vector<int> sorted = first;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, (std::vector<int>{0, 1, 2}));
}

}  // namespace
