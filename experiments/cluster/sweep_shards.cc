#include "experiments/cluster/sweep_shards.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <queue>
#include <utility>

#include "core/errors.h"
#include "core/optimizers/registry.h"

namespace experiments {
namespace {

struct RunCost {
  double per_trial_us = 0;
  double per_configuration_us = 0;
};

// Measured with `edgetune sweep --optimizers NAME --seeds 3 --jobs 1` on the
// shipped surfaces (26,112 configurations, 30 trials); coral-static later,
// as 0.101 of bo's time per trial on a faster day (41 against 407 us).
// A method not listed (a new or Python one) is assumed as dear per trial
// as bo.
RunCost cost_of(const std::string& optimizer) {
  static const std::map<std::string, RunCost> measured = {
      {"coral", {66, 0}},        {"coral-static", {66, 0}},   {"coral-uniform", {59, 0}},
      {"bo", {655, 0}},          {"random", {1, 0.14}},       {"exhaustive", {0, 1.4}},
      {"static-maxn", {4, 0}},   {"static-nvpmodel", {5, 0}}, {"dvfo", {4, 0}},
      {"maple-edge", {4, 0.28}},
  };
  const auto it = measured.find(optimizer);
  return it == measured.end() ? RunCost{655, 0} : it->second;
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

double expected_run_cost(const SweepPlan& plan, const SweepRun& run) {
  const std::string& optimizer = plan.optimizers[run.optimizer];
  const double configurations = static_cast<double>(plan.surfaces[run.surface]->space.size());
  const core::OptimizerInfo* info = core::find_optimizer_info(optimizer);
  const double trials = info && info->full_grid ? configurations : plan.trials;
  const RunCost cost = cost_of(optimizer);
  return cost.per_trial_us * trials + cost.per_configuration_us * configurations;
}

std::vector<SweepRun> shard_runs(const SweepPlan& plan, const ShardSpec& spec) {
  const std::vector<SweepRun> runs = enumerate_runs(plan);
  if (runs.size() < static_cast<std::size_t>(spec.count)) {
    throw core::InputError(fmt::format("--shard {}: the sweep has only {} runs; use N <= {}",
                                       spec.text(), runs.size(), runs.size()));
  }
  std::vector<std::pair<double, std::size_t>> by_cost;  // (cost, run id)
  by_cost.reserve(runs.size());
  for (const SweepRun& run : runs) by_cost.emplace_back(expected_run_cost(plan, run), run.id);
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

}  // namespace experiments
