// A sweep as Slurm jobs: an optional training job, a job array with one
// shard per task, and a merge job that waits for the array
// (--dependency=afterok). edgetune writes the sbatch scripts and a
// submit.sh that chains them; Slurm does all the scheduling. A failed or
// preempted task is rerun by submitting shards.sbatch again (with
// --array=K for one task): the shard resumes where it stopped; merge.sbatch
// is then submitted again (it waited on the first array). The merge job
// replaces whatever sweep <out> holds (merge --force): <out> is the Slurm
// sweep's own directory. `force` passes --force to the shards.
#ifndef EDGETUNE_EXPERIMENTS_CLUSTER_SLURM_SCRIPTS_H_
#define EDGETUNE_EXPERIMENTS_CLUSTER_SLURM_SCRIPTS_H_

#include <string>
#include <vector>

namespace experiments {

struct SlurmOptions {
  int tasks = 1;           // array tasks, one shard each
  std::string partition;   // empty: the cluster's default
  std::string time_limit;  // per task, HH:MM:SS; empty: the partition's default
  int cpus_per_task = 1;
};

struct SlurmScripts {
  std::string dir;                 // <out>/slurm
  std::vector<std::string> files;  // the sbatch scripts, in submission order
  std::string submit;              // <dir>/submit.sh
};

// Writes the scripts for the sweep `plan_arguments` (the sweep's arguments
// minus where it writes and how many threads it uses) with output in
// `out_dir`: shards in <out>/shards/shard-K-of-N, weights in <out>/models
// (when `needs_training`), logs in <out>/slurm/logs, the merged sweep in
// <out>. Throws core::InputError on bad options or an unwritable directory.
SlurmScripts write_slurm_scripts(const SlurmOptions& options, const std::string& edgetune,
                                 const std::vector<std::string>& plan_arguments,
                                 const std::string& out_dir, bool needs_training, bool force);

// Runs submit.sh and returns its report ("train 12 shards 13 merge 14").
// Throws core::InputError when sbatch is not on PATH or refuses a job.
std::string submit_slurm_scripts(const SlurmScripts& scripts);

// `text` quoted for a POSIX shell when it needs quoting.
std::string shell_quote(const std::string& text);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_CLUSTER_SLURM_SCRIPTS_H_
