#include "experiments/cluster/sweep_merge.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <queue>
#include <utility>
#include <vector>

#include "core/errors.h"
#include "experiments/cluster/slurm_scripts.h"
#include "experiments/sweep/sweep_consistency.h"
#include "experiments/sweep/sweep_store.h"
#include "experiments/sweep/sweep_tables.h"
#include "experiments/tables/csv.h"
#include "traces/surface_file.h"

namespace experiments {
namespace {

struct Shard {
  std::string dir;
  nlohmann::json record;  // its sweep.json
  nlohmann::json plan;    // the sweep's plan, without the shard's place in it
  int index = 0, count = 0;
  std::vector<std::size_t> runs;  // the run ids it must hold

  std::string name() const { return fmt::format("shard {}/{} ({})", index, count, dir); }
};

// Up to ten ids, then how many more.
std::string some_ids(const std::vector<std::size_t>& ids) {
  std::string text;
  for (std::size_t i = 0; i < ids.size() && i < 10; ++i)
    text += (i ? ", " : "") + std::to_string(ids[i]);
  if (ids.size() > 10) text += fmt::format(" and {} more", ids.size() - 10);
  return text;
}

// The most runs a sweep may have (a sweep.json claiming more is damaged):
// 10^9 runs is 10^4 times the largest sweep anyone has run here.
constexpr std::uint64_t kMaxSweepRuns = 1'000'000'000;

Shard read_shard(const std::string& dir) {
  Shard shard;
  shard.dir = dir;
  shard.record = read_sweep_record(dir);
  shard.plan = shard.record.value("plan", nlohmann::json::object());
  const nlohmann::json meta = shard.record.value("shard", nlohmann::json());
  if (!shard.plan.contains("shard") || !meta.is_object()) {
    throw core::InputError(dir +
                           ": not a shard (its sweep ran without --shard K/N); merge joins "
                           "the shards of one sweep");
  }
  const core::InputError damaged(dir + "/sweep.json: its shard record is damaged; rerun the shard");
  std::size_t runs_total = 0;
  // Counts as written by a shard: unsigned, and no more shards than runs
  // (each sizes an allocation below; 2^31 shards once gave "internal error"
  // and 2^32 wrapped to shard 0).
  const auto count_at = [&](const nlohmann::json& object, const char* key, std::uint64_t most) {
    const nlohmann::json& value = object.at(key);
    if (!value.is_number_unsigned() || value.get<std::uint64_t>() > most) throw damaged;
    return value.get<std::uint64_t>();
  };
  try {
    runs_total = count_at(meta, "runs_total", kMaxSweepRuns);
    shard.count = static_cast<int>(
        count_at(shard.plan["shard"], "count", std::max<std::size_t>(runs_total, 1)));
    shard.index = static_cast<int>(count_at(shard.plan["shard"], "index", runs_total));
    shard.runs = meta.at("runs").get<std::vector<std::size_t>>();
    meta.at("sweep_command").get<std::string>();
    meta.at("knob_columns").get<std::vector<std::string>>();
  } catch (const nlohmann::json::exception&) {
    throw damaged;
  }
  const bool in_range = shard.count >= 1 && shard.index >= 0 && shard.index < shard.count &&
                        std::all_of(shard.runs.begin(), shard.runs.end(),
                                    [runs_total](std::size_t id) { return id < runs_total; });
  if (!in_range) {
    throw core::InputError(dir + "/sweep.json: its shard record is damaged (shard " +
                           std::to_string(shard.index) + "/" + std::to_string(shard.count) +
                           " or a run id out of range); rerun the shard");
  }
  shard.plan.erase("shard");
  return shard;
}

// Every way `shard` can differ from `first` and still look like a shard.
void check_same_sweep(const Shard& first, const Shard& shard) {
  const auto differs = [&](const char* what) {
    return core::InputError(shard.dir + ": from another sweep than " + first.dir + " (its " + what +
                            " differs); merge the shards of one sweep");
  };
  if (shard.plan != first.plan) throw differs("plan");
  if (shard.record["shard"]["sweep_command"] != first.record["shard"]["sweep_command"])
    throw differs("command");
  if (shard.record.value("edgetune_version", "") != first.record.value("edgetune_version", ""))
    throw differs("edgetune version");
  if (shard.record.value("git_commit", "") != first.record.value("git_commit", ""))
    throw differs("commit");
  if (shard.count != first.count) throw differs("shard count");
}

// The shards, one per index 0..N-1, in index order.
std::vector<Shard> read_shards(const std::vector<std::string>& dirs) {
  if (dirs.empty()) throw core::InputError("no shard directories given; pass SHARD_DIR...");
  std::vector<Shard> shards;
  for (const std::string& dir : dirs) {
    shards.push_back(read_shard(dir));
    check_same_sweep(shards.front(), shards.back());
  }
  std::vector<std::optional<std::size_t>> by_index(static_cast<std::size_t>(shards[0].count));
  for (std::size_t i = 0; i < shards.size(); ++i) {
    auto& slot = by_index[static_cast<std::size_t>(shards[i].index)];
    if (slot) {
      throw core::InputError(shards[*slot].dir + " and " + shards[i].dir + " are both shard " +
                             std::to_string(shards[i].index) + "/" +
                             std::to_string(shards[i].count) + "; pass each shard once");
    }
    slot = i;
  }
  for (std::size_t k = 0; k < by_index.size(); ++k) {
    if (by_index[k]) continue;
    // Its runs are the ones no shard given holds.
    std::vector<bool> held(shards[0].record["shard"]["runs_total"].get<std::size_t>());
    for (const Shard& s : shards) {
      for (std::size_t id : s.runs) held.at(id) = true;
    }
    std::vector<std::size_t> missing;
    for (std::size_t id = 0; id < held.size(); ++id) {
      if (!held[id]) missing.push_back(id);
    }
    throw core::InputError(fmt::format(
        "shard {}/{} is missing (runs {}); pass its directory, or run it: {} --shard {}/{} "
        "--out DIR",
        k, by_index.size(), some_ids(missing),
        shards[0].record["shard"]["sweep_command"].get<std::string>(), k, by_index.size()));
  }
  std::vector<Shard> ordered;
  for (const auto& slot : by_index) ordered.push_back(std::move(shards[*slot]));
  return ordered;
}

// Checks, reading them as streams, that the shard's tables hold exactly its
// runs, in run-id order (as a finished shard writes them), each trial row
// of one of them; `owner` (by run id, -1 for none yet) catches a run two
// shards claim.
void check_rows(const Shard& shard, int index, std::vector<int>& owner,
                const std::vector<Shard>& shards) {
  const std::string runs_path = shard.dir + "/runs.csv", trials_path = shard.dir + "/trials.csv";
  std::vector<bool> planned(owner.size(), false), held(owner.size(), false);
  for (std::size_t id : shard.runs) planned[id] = true;
  std::string line;
  std::vector<std::size_t> ids;  // of runs.csv's rows, in file order
  // The trial rows each run must have (TrialRowsDue).
  std::vector<std::uint32_t> trial_rows_due(owner.size(), 0);
  {
    LineReader runs(runs_path);
    runs.next(line);  // the header
    const std::vector<std::string> header = parse_csv_line(line);
    const TrialRowsDue rows_due(runs_path, header);
    while (runs.next(line)) {
      const std::size_t id = checked_run_id(runs_path, runs.lines_read(), line);
      ids.push_back(id);
      const std::vector<std::string> fields = parse_csv_line(line);
      if (fields.size() != header.size() || id >= owner.size()) continue;  // refused below
      trial_rows_due[id] = static_cast<std::uint32_t>(rows_due(runs.lines_read(), fields));
    }
  }
  for (std::size_t id : ids) {
    if (id < held.size()) held[id] = true;
  }
  std::vector<std::size_t> missing;
  for (std::size_t id : shard.runs) {
    if (!held[id]) missing.push_back(id);
  }
  if (!missing.empty() || !shard.record.value("complete", false)) {
    throw core::InputError(fmt::format(
        "{} is incomplete: {} of its {} runs have no result{}{}; rerun its command and it "
        "resumes",
        shard.name(), missing.size(), shard.runs.size(), missing.empty() ? "" : " (runs ",
        missing.empty() ? "" : some_ids(missing) + ")"));
  }
  const bool foreign = std::any_of(
      ids.begin(), ids.end(), [&](std::size_t id) { return id >= planned.size() || !planned[id]; });
  if (foreign || ids.size() != shard.runs.size()) {
    throw core::InputError(shard.name() +
                           ": runs.csv holds runs of other shards; rerun the shard with --force");
  }
  if (!std::is_sorted(ids.begin(), ids.end())) {
    throw core::InputError(shard.name() +
                           ": runs.csv is not in run order (the shard did not finish); rerun "
                           "its command and it resumes");
  }
  for (std::size_t id : ids) {
    if (owner[id] >= 0) {
      throw core::InputError(
          fmt::format("run {} is in both {} and {}; rerun one of them with "
                      "--force",
                      id, shards[owner[id]].name(), shard.name()));
    }
    owner[id] = index;
  }
  std::size_t previous = 0;
  LineReader trials(trials_path);
  trials.next(line);
  while (trials.next(line)) {
    const std::size_t id = checked_run_id(trials_path, trials.lines_read(), line);
    if (id >= owner.size() || !held[id] || id < previous) {
      throw core::InputError(shard.name() + ": trials.csv row " +
                             std::to_string(trials.lines_read()) +
                             " is not one of its runs in run order; rerun the shard with --force");
    }
    previous = id;
    if (trial_rows_due[id] == 0) {
      throw core::InputError(shard.name() + ": trials.csv holds more rows for run " +
                             std::to_string(id) + " than it ran; rerun the shard with --force");
    }
    --trial_rows_due[id];
  }
  // Every run has all its trial rows: a trials.csv cut short or missing is
  // refused, not merged into a sweep silently short of rows.
  for (std::size_t id : ids) {
    if (trial_rows_due[id] > 0) {
      throw core::InputError(fmt::format(
          "{}: trials.csv lacks {} trial rows of run {} (cut short or missing?); rerun the shard "
          "with --force",
          shard.name(), trial_rows_due[id], id));
    }
  }
}

// One shard's tables read in step: its next run row and that run's trial
// rows.
class ShardStream {
 public:
  explicit ShardStream(const Shard& shard)
      : runs_(shard.dir + "/runs.csv"), trials_(shard.dir + "/trials.csv") {}
  bool done() const { return !runs_.row; }
  std::size_t run_id() const { return runs_.id; }
  // The current run's row and trial rows; then moves to the next run.
  std::pair<std::string, std::vector<std::string>> take() {
    std::pair<std::string, std::vector<std::string>> out{std::move(*runs_.row), {}};
    while (trials_.row && trials_.id == runs_.id) {
      out.second.push_back(std::move(*trials_.row));
      trials_.advance();
    }
    runs_.advance();
    return out;
  }

 private:
  // A table's next data row (none at the end) and its run id.
  struct Cursor {
    explicit Cursor(std::string table_path) : path(std::move(table_path)), lines(path) {
      std::string header;
      lines.next(header);
      advance();
    }
    void advance() {
      std::string line;
      row.reset();
      if (!lines.next(line)) return;
      id = checked_run_id(path, lines.lines_read(), line);
      row = std::move(line);
    }
    std::string path;
    LineReader lines;
    std::optional<std::string> row;
    std::size_t id = 0;
  };

  Cursor runs_, trials_;
};

}  // namespace

nlohmann::json shard_record(const std::string& sweep_command, std::size_t runs_total,
                            const std::vector<std::string>& knobs,
                            const std::vector<SweepRun>& runs) {
  std::vector<std::size_t> ids;
  for (const SweepRun& run : runs) ids.push_back(run.id);
  return {{"sweep_command", sweep_command},
          {"runs_total", runs_total},
          {"knob_columns", knobs},
          {"runs", ids}};
}

MergeSummary merge_shards(const std::vector<std::string>& shard_dirs, const std::string& out,
                          bool force) {
  const auto start = std::chrono::steady_clock::now();
  const std::vector<Shard> shards = read_shards(shard_dirs);
  const nlohmann::json& first = shards.front().record;
  const std::size_t runs_total = first["shard"]["runs_total"].get<std::size_t>();
  std::vector<int> owner(runs_total, -1);
  MergeSummary summary;
  for (std::size_t k = 0; k < shards.size(); ++k) {
    check_rows(shards[k], static_cast<int>(k), owner, shards);
    summary.shard_wall_s = std::max(
        summary.shard_wall_s,
        shards[k].record.value("stats", nlohmann::json::object()).value("wall_seconds", 0.0));
  }
  const std::size_t held = static_cast<std::size_t>(
      std::count_if(owner.begin(), owner.end(), [](int k) { return k >= 0; }));
  if (held != runs_total) {
    throw core::InputError(
        fmt::format("the shards hold {} runs, the sweep has {}; rerun the "
                    "shards with --force",
                    held, runs_total));
  }

  const std::vector<std::string> knobs = first["shard"]["knob_columns"];
  const nlohmann::json metadata = {
      {"command",
       first["shard"]["sweep_command"].get<std::string>() + " --out " + shell_quote(out)},
      {"edgetune_version", first.value("edgetune_version", "")},
      {"git_commit", first.value("git_commit", "")},
      {"surface_paths", first.value("surface_paths", nlohmann::json::array())}};
  // From scratch: rows already in `out` (an interrupted local sweep, an
  // earlier merge) may come from other settings; --force replaces them.
  if (!force && (std::filesystem::exists(out + "/sweep.json") ||
                 std::filesystem::exists(out + "/runs.csv"))) {
    throw core::InputError(out +
                           ": already holds a sweep; pass --force to replace it with the "
                           "merged shards, or choose another --out");
  }
  SweepStore store(out, shards.front().plan, metadata, runs_columns(knobs), trials_columns(knobs),
                   true);
  // The shards' tables are each in run order: a k-way merge by run id
  // writes the sweep's in run order, holding one run's rows at a time.
  std::vector<ShardStream> streams;
  for (const Shard& shard : shards) streams.emplace_back(shard);
  using Next = std::pair<std::size_t, std::size_t>;  // (run id, shard)
  std::priority_queue<Next, std::vector<Next>, std::greater<Next>> next;
  for (std::size_t k = 0; k < streams.size(); ++k) {
    if (!streams[k].done()) next.emplace(streams[k].run_id(), k);
  }
  while (!next.empty()) {
    const std::size_t k = next.top().second;
    next.pop();
    auto [run_row, trial_rows] = streams[k].take();
    summary.trials += trial_rows.size();
    store.append(run_row, trial_rows);
    if (!streams[k].done()) next.emplace(streams[k].run_id(), k);
  }
  store.finish();
  summary.shards = shards.size();
  summary.runs = runs_total;
  summary.merge_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  nlohmann::json shard_stats = nlohmann::json::array();
  for (const Shard& shard : shards)
    shard_stats.push_back(
        {{"dir", shard.dir},
         {"shard", std::to_string(shard.index) + "/" + std::to_string(shard.count)},
         {"stats", shard.record.value("stats", nlohmann::json::object())}});
  store.record_summary({{"runs_total", runs_total},
                        {"merged_from", shard_stats},
                        {"merge_seconds", summary.merge_s},
                        {"shard_wall_seconds", summary.shard_wall_s}});
  return summary;
}

}  // namespace experiments
