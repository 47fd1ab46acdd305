// Splitting a sweep into N disjoint shards of about equal cost, so a
// cluster's job array (or N machines) runs them side by side and
// `edgetune merge` joins their results into what one sweep writes.
#ifndef EDGETUNE_EXPERIMENTS_CLUSTER_SWEEP_SHARDS_H_
#define EDGETUNE_EXPERIMENTS_CLUSTER_SWEEP_SHARDS_H_

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/optimizers/registry.h"
#include "experiments/run/optimizer_factory.h"
#include "experiments/sweep/sweep_plan.h"

namespace experiments {

// Shard `index` of `count`, 0-based as Slurm numbers array tasks.
struct ShardSpec {
  int index = 0;
  int count = 1;

  std::string text() const { return std::to_string(index) + "/" + std::to_string(count); }
};

// Parses "K/N" (0 <= K < N). Throws core::InputError naming the value.
ShardSpec parse_shard(const std::string& text);

// The replay cost of methods the registry does not know (plug-ins such as
// "py:PATH.py:Class"), by name: measured once when the plan is made
// (measure_replay_cost) and passed to every shard (`sweep --cost NAME=US`),
// so that each shard draws the same lines.
using MeasuredCosts = std::map<std::string, core::ReplayCost>;

// The expected CPU cost of one run, microseconds: the optimizer's cost per
// trial and per configuration of the surface (core::OptimizerInfo::cost, or
// `measured` for a plug-in). Only the ratios matter: they balance shards.
// Throws core::InputError naming the fix when a plug-in's cost is missing.
double expected_run_cost(const SweepPlan& plan, const SweepRun& run,
                         const MeasuredCosts& measured = {});

// The runs of shard `spec`, in id order. Runs are dealt dearest first to
// the shard with the least cost so far (Graham's LPT rule), ties going to
// the lower run id and shard index, so every invocation with the same plan
// and costs draws the same lines and each of N <= runs shards gets at least
// one run. Throws core::InputError when the plan has fewer runs than shards.
std::vector<SweepRun> shard_runs(const SweepPlan& plan, const ShardSpec& spec,
                                 const MeasuredCosts& measured = {});

// A pilot: one run of `optimizer` (made by `optimizers`) on the plan's first
// surface and first scenario that resolves there, timed; its cost per
// trial. For plug-ins, whose cost no table can know (a Python method can
// be ten times dearer than bo).
core::ReplayCost measure_replay_cost(const SweepPlan& plan, const std::string& optimizer,
                                     const OptimizerFactory& optimizers);

// "NAME=US" (a --cost value) as a name and cost. Throws core::InputError
// naming the value when it is not NAME=positive number.
std::pair<std::string, core::ReplayCost> parse_cost(const std::string& text);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_CLUSTER_SWEEP_SHARDS_H_
