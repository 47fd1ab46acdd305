#include "experiments/sweep/sweep_store.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>

#include "core/errors.h"
#include "experiments/sweep/git_commit.h"  // generated: EDGETUNE_GIT_COMMIT
#include "experiments/sweep/sweep_consistency.h"
#include "experiments/tables/csv.h"
#include "experiments/tables/json_text.h"
#include "experiments/tables/text_file.h"
#include "traces/results_file.h"
#include "traces/surface_file.h"

namespace experiments {
namespace {

namespace fs = std::filesystem;

constexpr const char* kRuns = "runs.csv";
constexpr const char* kTrials = "trials.csv";
constexpr const char* kResults = "results.h5";
constexpr const char* kSweepJson = "sweep.json";
constexpr const char* kReportDir = "report";

// Replaces `path` with `lines` (each ending in a newline) via a temporary
// file in the same directory and a rename, so readers never see half.
void write_lines_atomically(const std::string& path, const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + '\n';
  write_text_atomically(path, text);
}

// The leading integer field of a row this sweep wrote (its run id).
std::size_t run_id_of(const std::string& line) {
  return static_cast<std::size_t>(std::stoull(line.substr(0, line.find(','))));
}

// Rows in run-id order, read as a stream: a merge of sorted shards (or a
// sweep on one thread) writes them so, and is not read into memory again.
bool sorted_by_run(const std::string& path) {
  LineReader lines(path);
  std::string line;
  if (!lines.next(line)) return true;  // the header
  std::size_t previous = 0;
  while (lines.next(line)) {
    const std::size_t id = checked_run_id(path, lines.lines_read(), line);
    if (id < previous) return false;
    previous = id;
  }
  return true;
}

// Sorts the rows of `path` by run id, stably: a run's trial rows are
// appended together and in order, so trials stay in order within a run.
// Rows that finished out of order (worker threads) are sorted in memory.
void sort_by_run(const std::string& path) {
  if (ends_whole(path) && sorted_by_run(path)) return;
  std::vector<std::string> lines = read_complete_lines(path);
  std::stable_sort(lines.begin() + 1, lines.end(), [](const std::string& a, const std::string& b) {
    return run_id_of(a) < run_id_of(b);
  });
  write_lines_atomically(path, lines);
}

// Rows of `lines` (after the header) that repeat an earlier row exactly, as
// an interrupted copy or an editor can leave them, are dropped with a note;
// two different rows for one run are refused (which is right is unknown).
std::vector<std::string> without_duplicates(const std::string& path, std::vector<std::string> lines,
                                            bool one_per_run) {
  std::map<std::string, std::size_t> seen_rows;
  std::map<std::size_t, std::size_t> row_of_run;
  std::vector<std::string> kept;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i == 0) {
      kept.push_back(lines[i]);
      continue;
    }
    const std::size_t row = i + 1;
    const std::size_t run = checked_run_id(path, row, lines[i]);
    const auto [first, fresh] = seen_rows.emplace(lines[i], row);
    if (!fresh) {
      std::cerr << "note: " << path << ": row " << row << " repeats row " << first->second
                << "; dropped\n";
      continue;
    }
    if (one_per_run) {
      const auto [earlier, unique] = row_of_run.emplace(run, row);
      if (!unique) {
        throw core::InputError(path + ": rows " + std::to_string(earlier->second) + " and " +
                               std::to_string(row) + " both hold run " + std::to_string(run) +
                               " with different values; delete the wrong one, or pass --force "
                               "to start the sweep over");
      }
    }
    kept.push_back(std::move(lines[i]));
  }
  return kept;
}

nlohmann::json read_sweep_json(const std::string& path) {
  std::ifstream in(path);
  nlohmann::json record;
  try {
    record = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception&) {
    record = nullptr;
  }
  if (!record.is_object()) {
    throw core::InputError(path +
                           ": not a sweep record; choose another --out or pass --force "
                           "to overwrite it");
  }
  return record;
}

void check_header(const std::string& path, const std::vector<std::string>& lines,
                  const std::string& header) {
  if (!lines.empty() && lines.front() != header) {
    throw core::InputError(path +
                           ": its columns differ from this sweep's; pass --force to start "
                           "over or choose another --out");
  }
}

std::ofstream open_for_append(const std::string& path) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  if (!out) throw core::InputError(path + ": cannot open for writing; check permissions");
  return out;
}

}  // namespace

std::size_t checked_run_id(const std::string& path, std::size_t row, const std::string& line) {
  const std::string field = line.substr(0, line.find(','));
  const bool digits = !field.empty() && field.size() <= 19 &&
                      field.find_first_not_of("0123456789") == std::string::npos;
  if (!digits || field.size() == line.size()) {
    throw core::InputError(path + ": row " + std::to_string(row) + " ('" + traces::printable(line) +
                           "') is not a run's row; the file is damaged: delete that row to "
                           "rerun the run, or pass --force to start the sweep over");
  }
  return run_id_of(line);
}

nlohmann::json read_sweep_record(const std::string& dir) {
  std::ifstream in(dir + "/" + kSweepJson);
  if (!in) throw core::InputError(dir + "/sweep.json: missing; is this a sweep directory?");
  nlohmann::json record;
  try {
    record = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception&) {
    throw core::InputError(dir + "/sweep.json: not valid JSON; rerun the sweep");
  }
  if (!record.is_object())
    throw core::InputError(dir +
                           "/sweep.json: not a sweep record (not a JSON object); rerun the sweep");
  return record;
}

SweepStore::SweepStore(const std::string& dir, const nlohmann::json& identity,
                       const nlohmann::json& metadata, std::vector<TableColumn> runs_columns,
                       std::vector<TableColumn> trials_columns, bool force)
    : dir_(dir),
      // As sweep.json will hold it (text that is not UTF-8 replaced), so a
      // resume compares like with like.
      identity_(nlohmann::json::parse(json_text(identity))),
      metadata_(metadata),
      runs_columns_(std::move(runs_columns)),
      trials_columns_(std::move(trials_columns)) {
  std::error_code error;
  fs::create_directories(dir_, error);
  if (error || !fs::is_directory(dir_)) {
    throw core::InputError(dir_ + ": cannot create the output directory (" + error.message() + ")");
  }
  lock_ = std::make_unique<core::DirectoryLock>(
      dir_,
      "another edgetune sweep or merge is writing this directory; wait for it to end, or choose "
      "another --out");
  const bool has_record = fs::exists(path(kSweepJson));
  const bool has_tables = fs::exists(path(kRuns)) || fs::exists(path(kTrials));
  bool same = false;
  if (has_record && !force)
    same = read_sweep_json(path(kSweepJson)).value("plan", nlohmann::json()) == identity_;
  if ((has_record || has_tables) && !same) {
    if (!force) {
      throw core::InputError(dir_ +
                             ": holds a different sweep (other surfaces, optimizers, "
                             "scenarios, seeds or trials); choose another --out or pass "
                             "--force to delete its results");
    }
    for (const char* file : {kRuns, kTrials, kResults, kSweepJson}) fs::remove(path(file), error);
    fs::remove_all(path(kReportDir), error);
  }
  write_sweep_json({{"complete", false}});
  recover();
  runs_ = open_for_append(path(kRuns));
  trials_ = open_for_append(path(kTrials));
}

void SweepStore::recover() {
  const std::string runs_header = header_line(runs_columns_);
  const std::string trials_header = header_line(trials_columns_);
  std::vector<std::string> runs = read_complete_lines(path(kRuns));
  std::vector<std::string> trials = read_complete_lines(path(kTrials));
  check_header(path(kRuns), runs, runs_header);
  check_header(path(kTrials), trials, trials_header);
  if (runs.empty()) runs.push_back(runs_header);
  runs = without_duplicates(path(kRuns), std::move(runs), true);
  if (!trials.empty()) trials = without_duplicates(path(kTrials), std::move(trials), false);
  // A run is finished when its run row is whole and trials.csv holds all
  // its trial rows; one that lost rows (a trials.csv cut short, edited or
  // deleted) runs again.
  const TrialRowsDue rows_due(path(kRuns), parse_csv_line(runs.front()));
  std::map<std::size_t, long long> unmatched;  // trial rows due minus held, by run
  for (std::size_t i = 1; i < runs.size(); ++i) {
    unmatched[checked_run_id(path(kRuns), i + 1, runs[i])] +=
        static_cast<long long>(rows_due(i + 1, parse_csv_line(runs[i])));
  }
  for (std::size_t i = 1; i < trials.size(); ++i) {
    const auto run = unmatched.find(checked_run_id(path(kTrials), i + 1, trials[i]));
    if (run != unmatched.end()) --run->second;
  }
  for (const auto& [id, missing] : unmatched) {
    if (missing == 0) {
      finished_.insert(id);
    } else {
      std::cerr << "note: " << path(kTrials) << ": run " << id << " has "
                << (missing > 0 ? "fewer" : "more") << " trial rows than it ran; it runs again\n";
    }
  }
  const auto keep_finished = [this](const std::string& table, std::vector<std::string>& lines) {
    std::vector<std::string> kept = {lines.front()};
    for (std::size_t i = 1; i < lines.size(); ++i) {
      if (finished_.count(checked_run_id(table, i + 1, lines[i])))
        kept.push_back(std::move(lines[i]));
    }
    write_lines_atomically(table, kept);
  };
  if (trials.empty()) trials.push_back(trials_header);
  keep_finished(path(kRuns), runs);
  keep_finished(path(kTrials), trials);
}

void SweepStore::write_sweep_json(const nlohmann::json& extra) const {
  nlohmann::json record = metadata_;
  record["plan"] = identity_;
  record.update(extra);
  write_lines_atomically(path(kSweepJson), {json_text(record, 2)});
}

void SweepStore::append(const std::string& run_row, const std::vector<std::string>& trial_rows) {
  const std::lock_guard<std::mutex> lock(mutex_);
  for (const std::string& row : trial_rows) trials_ << row << '\n';
  if (!trials_.flush()) {
    throw core::InputError(path(kTrials) +
                           ": write failed (disk full?); finished runs are kept, "
                           "rerun the same command to resume");
  }
  runs_ << run_row << '\n';
  if (!runs_.flush()) {
    throw core::InputError(path(kRuns) +
                           ": write failed (disk full?); finished runs are kept, "
                           "rerun the same command to resume");
  }
}

void SweepStore::finish() {
  const std::lock_guard<std::mutex> lock(mutex_);
  runs_.close();
  trials_.close();
  sort_by_run(path(kRuns));
  sort_by_run(path(kTrials));
  traces::ResultsFileWriter results(path(kResults), {{"edgetune_version", EDGETUNE_VERSION},
                                                     {"git_commit", EDGETUNE_GIT_COMMIT},
                                                     {"plan", json_text(identity_)}});
  write_csv_table(results, "runs", path(kRuns), runs_columns_);
  write_csv_table(results, "trials", path(kTrials), trials_columns_);
  results.commit();
}

void SweepStore::record_summary(const nlohmann::json& summary) const {
  nlohmann::json extra = summary;
  extra["complete"] = true;
  write_sweep_json(extra);
}

}  // namespace experiments
