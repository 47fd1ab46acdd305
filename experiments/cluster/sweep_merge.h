// Joining the shards of one sweep (sweep --shard K/N) into the directory
// one unsharded sweep would have written: the same runs.csv, trials.csv and
// results.h5, byte for byte, and a sweep.json with the same plan.
#ifndef EDGETUNE_EXPERIMENTS_CLUSTER_SWEEP_MERGE_H_
#define EDGETUNE_EXPERIMENTS_CLUSTER_SWEEP_MERGE_H_

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "experiments/sweep/sweep_plan.h"

namespace experiments {

// What a shard records in its sweep.json under "shard", for merge to check
// and join: the sweep's command apart from --shard, --out and --jobs, the
// number of runs in the whole sweep, the knob columns and the shard's run ids.
nlohmann::json shard_record(const std::string& sweep_command, std::size_t runs_total,
                            const std::vector<std::string>& knobs,
                            const std::vector<SweepRun>& runs);

struct MergeSummary {
  std::size_t shards = 0;
  std::size_t runs = 0;
  std::size_t trials = 0;     // rows of the merged trials.csv
  double shard_wall_s = 0.0;  // the slowest shard's wall time (training excluded)
  double merge_s = 0.0;       // this merge's wall time
};

// Checks that `shard_dirs` are every shard of one sweep (same plan, command,
// version and commit), each complete, no run twice, then writes the merged
// sweep to `out`. Throws core::InputError naming the shard, the missing
// runs or the conflict, and writing nothing, when they are not. An `out`
// that already holds a sweep (any sweep) is refused unless `force`, which
// replaces it: the merged files come from the shards alone.
MergeSummary merge_shards(const std::vector<std::string>& shard_dirs, const std::string& out,
                          bool force);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_CLUSTER_SWEEP_MERGE_H_
