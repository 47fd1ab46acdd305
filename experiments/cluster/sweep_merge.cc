#include "experiments/cluster/sweep_merge.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/errors.h"
#include "experiments/sweep/sweep_store.h"
#include "experiments/sweep/sweep_tables.h"
#include "experiments/tables/csv.h"

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
  std::size_t runs_total = 0;
  try {
    runs_total = meta.at("runs_total").get<std::size_t>();
    shard.index = shard.plan["shard"].at("index").get<int>();
    shard.count = shard.plan["shard"].at("count").get<int>();
    shard.runs = meta.at("runs").get<std::vector<std::size_t>>();
    meta.at("sweep_command").get<std::string>();
    meta.at("knob_columns").get<std::vector<std::string>>();
  } catch (const nlohmann::json::exception&) {
    throw core::InputError(dir + "/sweep.json: its shard record is damaged; rerun the shard");
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

// The shard's rows: each run row with its trial rows, by run id; checked
// to be exactly the shard's runs.
struct ShardRows {
  std::map<std::size_t, std::string> runs;
  std::map<std::size_t, std::vector<std::string>> trials;
};

ShardRows read_rows(const Shard& shard) {
  ShardRows rows;
  const std::string runs_path = shard.dir + "/runs.csv", trials_path = shard.dir + "/trials.csv";
  const std::vector<std::string> runs = read_complete_lines(runs_path);
  for (std::size_t i = 1; i < runs.size(); ++i)
    rows.runs.emplace(checked_run_id(runs_path, i + 1, runs[i]), runs[i]);
  std::vector<std::size_t> missing;
  for (std::size_t id : shard.runs) {
    if (!rows.runs.count(id)) missing.push_back(id);
  }
  if (!missing.empty() || !shard.record.value("complete", false)) {
    throw core::InputError(fmt::format(
        "{} is incomplete: {} of its {} runs have no result{}{}; rerun its command and it "
        "resumes",
        shard.name(), missing.size(), shard.runs.size(), missing.empty() ? "" : " (runs ",
        missing.empty() ? "" : some_ids(missing) + ")"));
  }
  if (rows.runs.size() != shard.runs.size()) {
    throw core::InputError(shard.name() +
                           ": runs.csv holds runs of other shards; rerun the shard with --force");
  }
  std::vector<std::string> trials = read_complete_lines(trials_path);
  for (std::size_t i = 1; i < trials.size(); ++i) {
    const std::size_t id = checked_run_id(trials_path, i + 1, trials[i]);
    rows.trials[id].push_back(std::move(trials[i]));
  }
  return rows;
}

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
  std::vector<ShardRows> rows;
  std::map<std::size_t, const Shard*> owner;
  MergeSummary summary;
  for (const Shard& shard : shards) {
    rows.push_back(read_rows(shard));
    for (const auto& [id, row] : rows.back().runs) {
      const auto [earlier, fresh] = owner.emplace(id, &shard);
      if (!fresh) {
        throw core::InputError(
            fmt::format("run {} is in both {} and {}; rerun one of them with "
                        "--force",
                        id, earlier->second->name(), shard.name()));
      }
    }
    summary.shard_wall_s =
        std::max(summary.shard_wall_s,
                 shard.record.value("stats", nlohmann::json::object()).value("wall_seconds", 0.0));
  }
  const std::size_t runs_total = first["shard"]["runs_total"].get<std::size_t>();
  if (owner.size() != runs_total) {
    throw core::InputError(
        fmt::format("the shards hold {} runs, the sweep has {}; rerun the "
                    "shards with --force",
                    owner.size(), runs_total));
  }

  const std::vector<std::string> knobs = first["shard"]["knob_columns"];
  const nlohmann::json metadata = {
      {"command", first["shard"]["sweep_command"].get<std::string>() + " --out " + out},
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
  for (ShardRows& shard : rows) {
    for (const auto& [id, run_row] : shard.runs) {
      summary.trials += shard.trials[id].size();
      store.append(run_row, shard.trials[id]);
    }
    shard.runs.clear();  // release the text as we go
    shard.trials.clear();
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
  store.record_summary({{"merged_from", shard_stats},
                        {"merge_seconds", summary.merge_s},
                        {"shard_wall_seconds", summary.shard_wall_s}});
  return summary;
}

}  // namespace experiments
