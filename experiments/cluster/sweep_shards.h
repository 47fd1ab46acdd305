// Splitting a sweep into N disjoint shards of about equal cost, so a
// cluster's job array (or N machines) runs them side by side and
// `edgetune merge` joins their results into what one sweep writes.
#ifndef EDGETUNE_EXPERIMENTS_CLUSTER_SWEEP_SHARDS_H_
#define EDGETUNE_EXPERIMENTS_CLUSTER_SWEEP_SHARDS_H_

#include <cstddef>
#include <string>
#include <vector>

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

// The expected CPU cost of one run, microseconds: a per-optimizer cost per
// trial and per configuration of the surface (what list-based and
// predictor-based methods pay to rank the grid), measured on this project's
// reference machine. Only the ratios matter: they balance shards.
double expected_run_cost(const SweepPlan& plan, const SweepRun& run);

// The runs of shard `spec`, in id order. Runs are dealt dearest first to
// the shard with the least cost so far (Graham's LPT rule), ties going to
// the lower run id and shard index, so every invocation with the same plan
// draws the same lines and each of N <= runs shards gets at least one run.
// Throws core::InputError when the plan has fewer runs than shards.
std::vector<SweepRun> shard_runs(const SweepPlan& plan, const ShardSpec& spec);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_CLUSTER_SWEEP_SHARDS_H_
