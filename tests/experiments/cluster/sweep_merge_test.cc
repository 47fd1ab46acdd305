// A sweep split into shards and merged, end to end through the CLI: the
// merged files equal one unsharded sweep's byte for byte, offline-trained
// weights are trained once and read by every shard, a shard resumes, and
// merge refuses (writing nothing) shards that are missing, repeated,
// incomplete or from another sweep. Also the Slurm scripts --slurm writes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "experiments/tables/csv.h"
#include "tests/support/run_binary.h"

namespace {

namespace fs = std::filesystem;
using testing_support::read_file;
using testing_support::run_edgetune;
using testing_support::shipped;
using testing_support::temp_path;

// Two surfaces, the smoke scenarios, an online, a list, a trained and a
// full-grid method: 2 x 3 x 4 x 2 = 48 runs.
const std::string kSweep = "sweep --quiet --surfaces " + shipped("xavier-nx_yolov8s.h5") + " " +
                           shipped("agx-orin_yolov8x.h5") +
                           " --optimizers coral,random,dvfo,exhaustive --scenarios smoke "
                           "--seeds 2";

std::string fresh(const std::string& name) {
  const std::string path = temp_path(name);
  fs::remove_all(path);
  return path;
}

// Made once per test process, each only when a test needs it: ctest runs
// every test in its own process.
const std::string& models_dir() {
  static const std::string dir = [] {
    const std::string d = fresh("merge-models");
    const auto trained = run_edgetune(kSweep + " --train-only --models " + d);
    EXPECT_EQ(trained.exit_code, 0) << trained.err;
    return d;
  }();
  return dir;
}

const std::string& full_sweep_dir() {
  static const std::string dir = [] {
    const std::string d = fresh("merge-full");
    EXPECT_EQ(run_edgetune(kSweep + " --out " + d).exit_code, 0);
    return d;
  }();
  return dir;
}

const std::vector<std::string>& shard_dirs() {
  static const std::vector<std::string> dirs = [] {
    std::vector<std::string> made;
    for (int k = 0; k < 3; ++k) {
      made.push_back(fresh("merge-shard-" + std::to_string(k)));
      const auto r = run_edgetune(kSweep + " --shard " + std::to_string(k) + "/3 --models " +
                                  models_dir() + " --out " + made.back() + " --json");
      EXPECT_EQ(r.exit_code, 0) << r.err;
      // Weights were read, not trained.
      const nlohmann::json stats = nlohmann::json::parse(r.out);
      EXPECT_EQ(stats["models_trained"], 0) << r.out;
      EXPECT_GT(stats["models_read"].get<int>(), 0) << r.out;
    }
    return made;
  }();
  return dirs;
}

// Replaces a shard's table with `lines`, as an edit or a cut would.
void write_lines(const std::string& path, const std::vector<std::string>& lines) {
  std::ofstream out(path, std::ios::trunc);
  for (const std::string& line : lines) out << line << "\n";
}

std::size_t data_rows(const std::string& path) {
  return experiments::read_complete_lines(path).size() - 1;
}

TEST(SweepMergeTest, MergedShardsEqualTheUnshardedSweepByteForByte) {
  const std::vector<std::string>& shard = shard_dirs();
  std::size_t runs = 0;
  for (const std::string& dir : shard) runs += data_rows(dir + "/runs.csv");
  EXPECT_EQ(runs, 48u) << "the shards split the sweep's runs";
  const std::string out = fresh("merge-out");
  // Shards in any order.
  const auto r =
      run_edgetune("merge --json --out " + out + " " + shard[2] + " " + shard[0] + " " + shard[1]);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["runs"], 48);
  for (const char* file : {"runs.csv", "trials.csv", "results.h5"}) {
    EXPECT_TRUE(read_file(out + "/" + file) == read_file(full_sweep_dir() + "/" + file)) << file;
  }
  const auto merged = nlohmann::json::parse(read_file(out + "/sweep.json"));
  const auto full = nlohmann::json::parse(read_file(full_sweep_dir() + "/sweep.json"));
  EXPECT_EQ(merged["plan"], full["plan"]);
  EXPECT_TRUE(merged["complete"].get<bool>());
  EXPECT_EQ(merged["surface_paths"], full["surface_paths"]);
  EXPECT_EQ(merged["merged_from"].size(), 3u);
  EXPECT_EQ(run_edgetune("report " + out).exit_code, 0);
  // A directory that holds a sweep is replaced only with --force.
  const auto again_merge =
      run_edgetune("merge --out " + out + " " + shard[0] + " " + shard[1] + " " + shard[2]);
  EXPECT_EQ(again_merge.exit_code, 2);
  EXPECT_NE(again_merge.err.find("--force"), std::string::npos) << again_merge.err;
  ASSERT_EQ(
      run_edgetune("merge --force --out " + out + " " + shard[0] + " " + shard[1] + " " + shard[2])
          .exit_code,
      0);
  EXPECT_TRUE(read_file(out + "/runs.csv") == read_file(full_sweep_dir() + "/runs.csv"));
  // The merged directory is that sweep: rerunning it there has nothing to do.
  const auto again = run_edgetune(kSweep + " --out " + out + " --json");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(nlohmann::json::parse(again.out)["runs_resumed"], 48);
}

TEST(SweepMergeTest, AnInterruptedShardResumesToTheSameRows) {
  const std::vector<std::string>& shard = shard_dirs();
  const std::string dir = fresh("merge-resumed");
  fs::copy(shard[1], dir);
  const std::vector<std::string> rows = experiments::read_complete_lines(dir + "/runs.csv");
  {
    std::ofstream cut(dir + "/runs.csv", std::ios::trunc);
    for (std::size_t i = 0; i + 3 < rows.size(); ++i) cut << rows[i] << "\n";
  }
  const std::string out = fresh("merge-refused");
  const auto refused =
      run_edgetune("merge --out " + out + " " + shard[0] + " " + dir + " " + shard[2]);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("shard 1/3"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("3 of its"), std::string::npos) << refused.err;
  EXPECT_FALSE(fs::exists(out + "/runs.csv")) << "nothing written";
  const auto resumed =
      run_edgetune(kSweep + " --shard 1/3 --models " + models_dir() + " --out " + dir + " --json");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(nlohmann::json::parse(resumed.out)["runs_executed"], 3);
  for (const char* file : {"runs.csv", "trials.csv", "results.h5"}) {
    EXPECT_TRUE(read_file(dir + "/" + file) == read_file(shard[1] + "/" + file)) << file;
  }
}

TEST(SweepMergeTest, RefusesMissingRepeatedAndForeignShardsWritingNothing) {
  const std::vector<std::string>& shard = shard_dirs();
  const std::string out = fresh("merge-bad");
  const auto missing = run_edgetune("merge --out " + out + " " + shard[0] + " " + shard[2]);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("shard 1/3 is missing"), std::string::npos) << missing.err;
  EXPECT_NE(missing.err.find("--shard 1/3"), std::string::npos) << "says how to run it";

  const auto twice =
      run_edgetune("merge --out " + out + " " + shard[0] + " " + shard[1] + " " + shard[1]);
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_NE(twice.err.find("both shard 1/3"), std::string::npos) << twice.err;

  const std::string tampered = fresh("merge-tampered");
  fs::copy(shard[1], tampered);
  nlohmann::json record = nlohmann::json::parse(read_file(tampered + "/sweep.json"));
  record["plan"]["shard"]["index"] = 7;
  std::ofstream(tampered + "/sweep.json") << record.dump();
  const auto damaged =
      run_edgetune("merge --out " + out + " " + shard[0] + " " + tampered + " " + shard[2]);
  EXPECT_EQ(damaged.exit_code, 2);
  EXPECT_NE(damaged.err.find("shard record is damaged"), std::string::npos) << damaged.err;

  const auto unsharded = run_edgetune("merge --out " + out + " " + full_sweep_dir());
  EXPECT_EQ(unsharded.exit_code, 2);
  EXPECT_NE(unsharded.err.find("not a shard"), std::string::npos) << unsharded.err;

  const std::string other = fresh("merge-other-sweep");
  ASSERT_EQ(
      run_edgetune(kSweep + " --trials 20 --shard 1/3 --models " + models_dir() + " --out " + other)
          .exit_code,
      0);
  const auto foreign =
      run_edgetune("merge --out " + out + " " + shard[0] + " " + other + " " + shard[2]);
  EXPECT_EQ(foreign.exit_code, 2);
  EXPECT_NE(foreign.err.find("from another sweep"), std::string::npos) << foreign.err;
  EXPECT_FALSE(fs::exists(out + "/runs.csv"));
}

// The merge reads each shard as a stream in run order, as a finished shard
// writes it: a shard whose rows are out of order (edited, or not finished)
// is refused, not merged out of order.
TEST(SweepMergeTest, RefusesAShardWhoseRowsAreOutOfRunOrder) {
  const std::vector<std::string>& shard = shard_dirs();
  const std::string out = fresh("merge-unordered");
  const std::string shuffled = fresh("merge-shuffled");
  fs::copy(shard[1], shuffled);
  std::vector<std::string> lines = experiments::read_complete_lines(shuffled + "/runs.csv");
  ASSERT_GE(lines.size(), 3u);
  std::swap(lines[1], lines[2]);
  write_lines(shuffled + "/runs.csv", lines);
  const auto refused =
      run_edgetune("merge --out " + out + " " + shard[0] + " " + shuffled + " " + shard[2]);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("not in run order"), std::string::npos) << refused.err;
  EXPECT_FALSE(fs::exists(out + "/runs.csv"));
}

// A shard whose trials.csv lost rows (cut short, or the file missing) is
// refused: the merge would otherwise be a sweep silently short of rows.
TEST(SweepMergeTest, RefusesAShardMissingTrialRows) {
  const std::vector<std::string>& shard = shard_dirs();
  const std::string out = fresh("merge-short");
  const std::string cut = fresh("merge-cut");
  fs::copy(shard[1], cut);
  std::vector<std::string> lines = experiments::read_complete_lines(cut + "/trials.csv");
  ASSERT_GT(lines.size(), 10u);
  lines.resize(lines.size() - 5);
  write_lines(cut + "/trials.csv", lines);
  const auto refused =
      run_edgetune("merge --out " + out + " " + shard[0] + " " + cut + " " + shard[2]);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("lacks 5 trial rows"), std::string::npos) << refused.err;
  fs::remove(cut + "/trials.csv");
  const auto missing =
      run_edgetune("merge --out " + out + " " + shard[0] + " " + cut + " " + shard[2]);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("trial rows"), std::string::npos) << missing.err;
  EXPECT_FALSE(fs::exists(out + "/runs.csv"));
}

// merge --force refusing a damaged shard once left runs.csv, trials.csv
// and sweep.json behind and destroyed the previous good merge; the shards
// are checked before anything is written.
TEST(SweepMergeTest, ARefusedForcedMergeLeavesThePreviousMergeWhole) {
  const std::vector<std::string>& shard = shard_dirs();
  const std::string out = fresh("merge-kept");
  ASSERT_EQ(run_edgetune("merge --out " + out + " " + shard[0] + " " + shard[1] + " " + shard[2])
                .exit_code,
            0);
  std::map<std::string, std::string> before;
  for (const char* file : {"runs.csv", "trials.csv", "sweep.json", "results.h5"})
    before[file] = testing_support::read_file(out + "/" + file);
  const std::string cut = fresh("merge-kept-cut");
  fs::copy(shard[1], cut);
  fs::resize_file(cut + "/trials.csv", fs::file_size(cut + "/trials.csv") / 2);
  const auto refused =
      run_edgetune("merge --force --out " + out + " " + shard[0] + " " + cut + " " + shard[2]);
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  for (const auto& [file, bytes] : before)
    EXPECT_TRUE(testing_support::read_file(out + "/" + file) == bytes) << file << " changed";
}

TEST(SweepMergeTest, ShardsRefuseWeightsMissingOrTrainedOnOtherSurfaces) {
  const auto none = run_edgetune(kSweep + " --shard 0/3 --models " + fresh("merge-no-models") +
                                 " --out " + fresh("merge-x"));
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("--train-only"), std::string::npos) << none.err;
  const auto other =
      run_edgetune(kSweep + " --training-surfaces " + shipped("agx-orin_yolov8n.h5") + " " +
                   shipped("xavier-nx_yolov8n.h5") + " --shard 0/3 --models " + models_dir() +
                   " --out " + fresh("merge-y"));
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_NE(other.err.find("trained on"), std::string::npos) << other.err;
}

TEST(SweepMergeTest, SlurmWritesATrainingJobAnArrayAndAMergeThatWaitsForIt) {
  const std::string out = fresh("merge-slurm");
  const auto r = run_edgetune(kSweep +
                              " --slurm 3 --partition short --time 00:20:00 "
                              "--cpus-per-task 2 --out " +
                              out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string array = read_file(out + "/slurm/shards.sbatch");
  EXPECT_NE(array.find("#SBATCH --array=0-2"), std::string::npos) << array;
  EXPECT_NE(array.find("#SBATCH --partition=short"), std::string::npos);
  EXPECT_NE(array.find("#SBATCH --time=00:20:00"), std::string::npos);
  EXPECT_NE(array.find("#SBATCH --cpus-per-task=2"), std::string::npos);
  EXPECT_NE(array.find("--shard \"$k/3\""), std::string::npos);
  EXPECT_NE(array.find("--jobs \"${SLURM_CPUS_PER_TASK:-1}\""), std::string::npos);
  EXPECT_NE(read_file(out + "/slurm/train.sbatch").find("--train-only"), std::string::npos);
  const std::string merge = read_file(out + "/slurm/merge.sbatch");
  EXPECT_NE(merge.find("shard-2-of-3"), std::string::npos) << merge;
  const std::string submit = read_file(out + "/slurm/submit.sh");
  EXPECT_NE(submit.find("--dependency=afterok:\"$train\""), std::string::npos) << submit;
  EXPECT_NE(submit.find("--dependency=afterok:\"$shards\""), std::string::npos) << submit;
  EXPECT_FALSE(fs::exists(out + "/runs.csv")) << "--slurm runs nothing here";

  const std::string path = std::getenv("PATH") ? std::getenv("PATH") : "";
  setenv("PATH", "/nonexistent", 1);  // the binary is run by its full path
  const auto no_sbatch = run_edgetune(kSweep + " --slurm 3 --submit --out " + out);
  setenv("PATH", path.c_str(), 1);
  EXPECT_EQ(no_sbatch.exit_code, 2);
  EXPECT_NE(no_sbatch.err.find("sbatch: not found"), std::string::npos) << no_sbatch.err;
  const auto too_many = run_edgetune(kSweep + " --slurm 49 --out " + out);
  EXPECT_EQ(too_many.exit_code, 2);
  EXPECT_NE(too_many.err.find("only 48 runs"), std::string::npos) << too_many.err;
  for (const std::string& conflict :
       {std::string(" --slurm 2 --shard 0/2"), std::string(" --slurm 2 --train-only"),
        std::string(" --slurm 2 --models M"), std::string(" --partition short"),
        std::string(" --submit"), std::string(" --train-only --models M --shard 0/2")}) {
    const auto refused = run_edgetune(kSweep + conflict + " --out " + out);
    EXPECT_EQ(refused.exit_code, 2) << conflict;
    EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << refused.err;
  }
  const auto bad_time = run_edgetune(kSweep + " --slurm 2 --time 90min --out " + out);
  EXPECT_EQ(bad_time.exit_code, 2);
  EXPECT_NE(bad_time.err.find("HH:MM:SS"), std::string::npos) << bad_time.err;
}

}  // namespace
