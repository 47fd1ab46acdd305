#include "core/optimizers/bayesian_optimization/bayesian_optimization.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/optimizers/registry.h"
#include "core/oracle.h"
#include "core/run.h"
#include "sim/surface_device.h"
#include "tests/support/option_errors.h"
#include "tests/support/tiny_surface.h"

namespace {

// A smooth 2-knob board on a 20 x 20 grid: fps rises with both clocks and
// saturates, power grows super-linearly; one best configuration per budget.
std::shared_ptr<const traces::Surface> smooth_board() {
  std::vector<double> gpu, emc;
  for (int i = 0; i < 20; ++i) {
    gpu.push_back(300 + 50 * i);
    emc.push_back(600 + 150 * i);
  }
  return std::make_shared<const traces::Surface>(testing_support::make_surface(
      {{"gpu_freq", "MHz", gpu}, {"emc_freq", "MHz", emc}}, [](const std::vector<double>& v) {
        const double g = v[0] / 1250.0, m = v[1] / 3450.0;
        const double fps = 100.0 * g * m / std::sqrt(g * g + m * m);
        const double w = 5.0 + 20.0 * std::pow(g, 3.0) + 8.0 * m * m;
        return std::make_pair(fps, w);
      }));
}

// Trials until the noise-free optimum of `goal` was first measured (budget
// + 1 when never).
int trials_to_optimum(core::Optimizer& optimizer, const core::Goal& goal, std::uint64_t seed,
                      int budget_trials) {
  auto surface = smooth_board();
  sim::SurfaceDeviceOptions exact;
  exact.noise = false;
  sim::SurfaceDevice device(surface, seed, exact);
  const core::OracleResult oracle = core::exhaustive_optimum(device, goal);
  core::Budget budget;
  budget.max_trials = budget_trials;
  const core::RunLog log = core::run(optimizer, device, goal, budget, seed);
  for (std::size_t i = 0; i < log.trials.size(); ++i) {
    if (log.trials[i].config == *oracle.best) return static_cast<int>(i) + 1;
  }
  return budget_trials + 1;
}

TEST(BayesianOptimizationTest, FindsTheOptimumSoonerThanRandomSearch) {
  const core::Goal goal = core::Goal::max_throughput(15.0);
  double bo_total = 0, random_total = 0;
  constexpr int kSeeds = 20, kBudget = 40;
  for (std::uint64_t seed = 0; seed < kSeeds; ++seed) {
    core::BayesianOptimization bo;
    bo_total += trials_to_optimum(bo, goal, seed, kBudget);
    auto random = core::make_optimizer("random");
    random_total += trials_to_optimum(*random, goal, seed, kBudget);
  }
  EXPECT_LT(bo_total / kSeeds, 0.6 * random_total / kSeeds)
      << "bo " << bo_total / kSeeds << " vs random " << random_total / kSeeds;
}

TEST(BayesianOptimizationTest, MeetsEveryGoalTypeOnANoiseFreeBoard) {
  auto surface = smooth_board();
  sim::SurfaceDeviceOptions exact;
  exact.noise = false;
  for (const core::Goal& goal : {core::Goal::max_throughput(15.0), core::Goal::min_power(40.0),
                                 core::Goal::dual(14.0, 40.0)}) {
    sim::SurfaceDevice device(surface, 1, exact);
    const core::OracleResult oracle = core::exhaustive_optimum(device, goal);
    core::BayesianOptimization bo;
    const core::RunLog log = core::run(bo, device, goal, core::Budget{}, 7);
    ASSERT_TRUE(log.recommended) << goal.describe();
    const std::size_t i = surface->space.index(*log.recommended);
    const double fps = surface->throughput_fps()[i], w = surface->power_w()[i];
    EXPECT_TRUE(goal.feasible(fps, w)) << goal.describe();
    EXPECT_GE(core::score(goal, fps, w, oracle.throughput_fps, oracle.power_w), 0.95)
        << goal.describe();
  }
}

TEST(BayesianOptimizationTest, SameSeedSameProposals) {
  auto surface = smooth_board();
  std::vector<std::vector<core::Config>> runs;
  for (int repeat = 0; repeat < 2; ++repeat) {
    sim::SurfaceDevice device(surface, 5);
    core::BayesianOptimization bo;
    const core::RunLog log = core::run(bo, device, core::Goal::min_power(30.0), core::Budget{}, 11);
    runs.emplace_back();
    for (const core::Measurement& m : log.trials) runs.back().push_back(m.config);
  }
  EXPECT_EQ(runs[0], runs[1]);
  EXPECT_EQ(runs[0].size(), 30u);
}

TEST(BayesianOptimizationTest, RejectsBadOptions) {
  core::BayesianOptimization::Options options;
  options.candidates = -5;  // once silently "score every configuration"
  EXPECT_EQ(testing_support::input_error_of([&] { core::BayesianOptimization bo(options); }),
            "bo option candidates is -5; it must be >= 1");
  options = {};
  options.initial_points_per_knob = 0;
  EXPECT_EQ(testing_support::input_error_of([&] { core::BayesianOptimization bo(options); }),
            "bo option initial_points_per_knob is 0; it must be >= 1");
}

}  // namespace
