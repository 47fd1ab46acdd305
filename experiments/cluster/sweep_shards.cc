#include "experiments/cluster/sweep_shards.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <optional>
#include <queue>
#include <utility>

#include "core/errors.h"
#include "core/optimizers/registry.h"
#include "experiments/run/run_one.h"

namespace experiments {
namespace {

core::ReplayCost cost_of(const std::string& optimizer, const MeasuredCosts& measured) {
  if (const core::OptimizerInfo* info = core::find_optimizer_info(optimizer)) return info->cost;
  const auto found = measured.find(optimizer);
  if (found != measured.end()) return found->second;
  throw core::InputError("--shard: '" + optimizer +
                         "' has no known replay cost to balance the shards; pass --cost '" +
                         optimizer +
                         "=US' (microseconds per trial; sweep --slurm measures it with a pilot "
                         "run)");
}

}  // namespace

ShardSpec parse_shard(const std::string& text) {
  const auto bad = [&text] {
    return core::InputError("--shard '" + text + "': expected K/N with 0 <= K < N, e.g. 0/4");
  };
  const auto is_number = [](const std::string& part) {
    return !part.empty() && part.size() <= 9 &&
           part.find_first_not_of("0123456789") == std::string::npos;
  };
  const std::size_t slash = text.find('/');
  if (slash == std::string::npos) throw bad();
  const std::string k = text.substr(0, slash), n = text.substr(slash + 1);
  if (!is_number(k) || !is_number(n)) throw bad();
  ShardSpec spec;
  spec.index = std::stoi(k);
  spec.count = std::stoi(n);
  if (spec.count < 1 || spec.index >= spec.count) throw bad();
  return spec;
}

double expected_run_cost(const SweepPlan& plan, const SweepRun& run,
                         const MeasuredCosts& measured) {
  const std::string& optimizer = plan.optimizers[run.optimizer];
  const double configurations = static_cast<double>(plan.surfaces[run.surface]->space.size());
  const core::OptimizerInfo* info = core::find_optimizer_info(optimizer);
  const double trials = info && info->full_grid ? configurations : plan.trials;
  const core::ReplayCost cost = cost_of(optimizer, measured);
  return cost.per_trial_us * trials + cost.per_configuration_us * configurations;
}

std::vector<SweepRun> shard_runs(const SweepPlan& plan, const ShardSpec& spec,
                                 const MeasuredCosts& measured) {
  const std::vector<SweepRun> runs = enumerate_runs(plan);
  if (runs.size() < static_cast<std::size_t>(spec.count)) {
    throw core::InputError(fmt::format("--shard {}: the sweep has only {} runs; use N <= {}",
                                       spec.text(), runs.size(), runs.size()));
  }
  std::vector<std::pair<double, std::size_t>> by_cost;  // (cost, run id)
  by_cost.reserve(runs.size());
  for (const SweepRun& run : runs)
    by_cost.emplace_back(expected_run_cost(plan, run, measured), run.id);
  std::stable_sort(by_cost.begin(), by_cost.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  // (load, shard index), least loaded and then lowest index on top.
  using Load = std::pair<double, int>;
  std::priority_queue<Load, std::vector<Load>, std::greater<Load>> shards;
  for (int s = 0; s < spec.count; ++s) shards.emplace(0.0, s);
  std::vector<SweepRun> mine;
  for (const auto& [cost, id] : by_cost) {
    const Load least = shards.top();
    shards.pop();
    if (least.second == spec.index) mine.push_back(runs[id]);
    shards.emplace(least.first + cost, least.second);
  }
  std::sort(mine.begin(), mine.end(),
            [](const SweepRun& a, const SweepRun& b) { return a.id < b.id; });
  return mine;
}

core::ReplayCost measure_replay_cost(const SweepPlan& plan, const std::string& optimizer,
                                     const OptimizerFactory& optimizers) {
  const auto& surface = plan.surfaces.front();
  for (const Scenario& scenario : plan.scenarios.scenarios) {
    std::optional<core::Goal> goal;
    try {
      goal = scenario.resolve(*surface);
    } catch (const core::InputError&) {
      continue;  // the sweep reports it; try the next scenario
    }
    RunSpec spec;
    spec.surface = surface;
    spec.optimizer = optimizer;
    spec.goal = *goal;
    spec.budget.max_trials = plan.trials;
    spec.seed = plan.sweep_seed;
    spec.device = plan.device;
    const Reference reference = scoring_reference(*surface, *goal);
    const auto start = std::chrono::steady_clock::now();
    const RunResult result = execute_run(spec, optimizers, core::OptimizerContext{}, reference);
    const double us =
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
    return {us / static_cast<double>(std::max<std::size_t>(1, result.log.trials.size())), 0.0};
  }
  throw core::InputError("no scenario of the sweep resolves on " + surface_name(*surface) +
                         " to time a pilot run of '" + optimizer + "'");
}

std::pair<std::string, core::ReplayCost> parse_cost(const std::string& text) {
  const std::size_t equals = text.rfind('=');
  const auto bad = [&text] {
    return core::InputError("--cost '" + text +
                            "': expected NAME=US, microseconds per trial above 0, e.g. "
                            "py:my.py:Mine=2500");
  };
  if (equals == std::string::npos || equals == 0) throw bad();
  const std::string number = text.substr(equals + 1);
  char* end = nullptr;
  const double us = std::strtod(number.c_str(), &end);
  if (number.empty() || *end != '\0' || !std::isfinite(us) || us <= 0) throw bad();
  return {text.substr(0, equals), core::ReplayCost{us, 0.0}};
}

}  // namespace experiments
