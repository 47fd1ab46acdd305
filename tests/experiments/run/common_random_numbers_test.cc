// Common random numbers (DESIGN.md "Determinism"): a run's readings and its
// optimizer's stream derive from the cell's key, never from the optimizer's
// name, so methods are compared on the same noise.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <utility>

#include "core/optimizers/registry.h"
#include "experiments/run/optimizer_factory.h"
#include "experiments/run/run_one.h"
#include "tests/support/tiny_surface.h"

namespace {

// Registers every registry optimizer a second time, as "twin:<name>".
experiments::OptimizerFactory with_twins() {
  experiments::OptimizerPlugin twins;
  twins.prefix = "twin:";
  twins.check = [](const std::string&) {};
  twins.make = [](const std::string& name) {
    return core::make_optimizer(name.substr(5), core::OptimizerContext{});
  };
  return experiments::OptimizerFactory({twins});
}

experiments::RunResult run(const std::string& optimizer, std::uint64_t seed,
                           const experiments::OptimizerFactory& factory) {
  experiments::RunSpec spec;
  spec.surface = std::make_shared<const traces::Surface>(testing_support::two_knob_surface(0.08));
  spec.optimizer = optimizer;
  spec.goal = core::Goal::max_throughput(9.0);
  spec.budget.max_trials = 12;
  spec.seed = seed;
  const experiments::Reference reference = experiments::scoring_reference(*spec.surface, spec.goal);
  return experiments::execute_run(spec, factory, core::OptimizerContext{}, reference);
}

TEST(CommonRandomNumbersTest, AMethodUnderASecondNameRunsIdentically) {
  const experiments::OptimizerFactory factory = with_twins();
  for (const char* name : {"random", "coral", "bo"}) {
    const experiments::RunResult a = run(name, 11, factory);
    const experiments::RunResult b = run(std::string("twin:") + name, 11, factory);
    ASSERT_EQ(a.log.trials.size(), b.log.trials.size()) << name;
    for (std::size_t t = 0; t < a.log.trials.size(); ++t) {
      EXPECT_EQ(a.log.trials[t].config.level, b.log.trials[t].config.level) << name << t;
      EXPECT_EQ(a.log.trials[t].throughput_fps, b.log.trials[t].throughput_fps) << name << t;
      EXPECT_EQ(a.log.trials[t].power_w, b.log.trials[t].power_w) << name << t;
    }
    EXPECT_EQ(a.score, b.score) << name;
  }
}

// Two methods that read one configuration for the k-th time in the same
// cell read the same value; another cell reads another.
TEST(CommonRandomNumbersTest, TwoMethodsReadTheSameNoiseInACell) {
  const experiments::OptimizerFactory factory;
  using Reading = std::pair<double, double>;
  const auto readings = [&](const std::string& name, std::uint64_t seed) {
    std::map<std::pair<std::vector<int>, int>, Reading> by_read;  // (config, k) -> reading
    std::map<std::vector<int>, int> times;
    for (const core::Measurement& m : run(name, seed, factory).log.trials) {
      const std::vector<int> key = core::levels_of(m.config);
      by_read[{key, times[key]++}] = {m.throughput_fps, m.power_w};
    }
    return by_read;
  };
  const auto random = readings("random", 5), coral = readings("coral", 5),
             other_cell = readings("coral", 6);
  std::size_t shared = 0, shared_other = 0, equal_other = 0;
  for (const auto& [read, value] : random) {
    if (const auto it = coral.find(read); it != coral.end()) {
      ++shared;
      EXPECT_EQ(it->second, value);
    }
    if (const auto it = other_cell.find(read); it != other_cell.end()) {
      ++shared_other;
      equal_other += it->second == value;
    }
  }
  EXPECT_GT(shared, 0u) << "the two methods read no configuration in common";
  EXPECT_GT(shared_other, 0u);
  EXPECT_EQ(equal_other, 0u);
}

}  // namespace
