// A sweep's output directory: runs.csv and trials.csv appended run by run
// and flushed (so a killed sweep loses at most the runs in flight),
// sweep.json (command, version, commit, the plan's identity), and at the end
// the canonical tables (rows sorted by run id, so the files depend only on
// the plan) plus results.h5.
//
// Crash safety: a run's trial rows are written before its run row, so a run
// counts as finished exactly when its run row is complete. Reopening drops
// a torn last line and every trial row of an unfinished run.
#ifndef EDGETUNE_EXPERIMENTS_SWEEP_SWEEP_STORE_H_
#define EDGETUNE_EXPERIMENTS_SWEEP_SWEEP_STORE_H_

#include <cstddef>
#include <fstream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/directory_lock.h"
#include "experiments/sweep/sweep_tables.h"

namespace experiments {

// The run id leading row `row` (1-based, the header is row 1) of the table
// at `path`. Throws core::InputError naming both when the row is damaged.
std::size_t checked_run_id(const std::string& path, std::size_t row, const std::string& line);

// The sweep.json of the sweep directory `dir`. Throws core::InputError when
// it is missing or not JSON.
nlohmann::json read_sweep_record(const std::string& dir);

class SweepStore {
 public:
  // Opens `dir` (created if missing, and locked while the store lives: a
  // second writer is refused) for a sweep with `identity`. A
  // directory holding a sweep with another identity is refused with a
  // core::InputError unless `force`, which deletes its results first.
  // `metadata` (command, version, commit) goes into sweep.json.
  SweepStore(const std::string& dir, const nlohmann::json& identity, const nlohmann::json& metadata,
             std::vector<TableColumn> runs_columns, std::vector<TableColumn> trials_columns,
             bool force);

  // Run ids already finished by an earlier, interrupted invocation.
  const std::set<std::size_t>& finished() const { return finished_; }

  // Appends one run's rows and flushes. Thread-safe. Throws core::InputError
  // when the disk is full or the files unwritable; rows already appended
  // stay and the sweep can be resumed.
  void append(const std::string& run_row, const std::vector<std::string>& trial_rows);

  // Rewrites both tables sorted by run id (and trial) and writes results.h5.
  void finish();
  // Records `summary` (timing etc.) in sweep.json with "complete": true.
  void record_summary(const nlohmann::json& summary) const;

  std::string path(const std::string& file) const { return dir_ + "/" + file; }

 private:
  void recover();
  void write_sweep_json(const nlohmann::json& extra) const;

  std::string dir_;
  std::unique_ptr<core::DirectoryLock> lock_;
  nlohmann::json identity_;
  nlohmann::json metadata_;
  std::vector<TableColumn> runs_columns_;
  std::vector<TableColumn> trials_columns_;
  std::set<std::size_t> finished_;
  std::mutex mutex_;
  std::ofstream runs_;
  std::ofstream trials_;
};

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_SWEEP_SWEEP_STORE_H_
