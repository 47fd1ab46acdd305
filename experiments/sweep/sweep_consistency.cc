#include "experiments/sweep/sweep_consistency.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include "core/errors.h"
#include "core/optimizers/registry.h"
#include "experiments/sweep/sweep_store.h"
#include "experiments/tables/csv.h"
#include "traces/surface_file.h"

namespace experiments {

TrialRowsDue::TrialRowsDue(const std::string& path, const std::vector<std::string>& header)
    : path_(path) {
  const auto column = [&](const char* name) {
    const auto at = std::find(header.begin(), header.end(), name);
    if (at == header.end()) {
      throw core::InputError(path + ": has no '" + name +
                             "' column; was it written by `edgetune sweep`?");
    }
    return static_cast<std::size_t>(at - header.begin());
  };
  optimizer_ = column("optimizer");
  trials_ = column("trials");
}

std::size_t TrialRowsDue::operator()(std::size_t row,
                                     const std::vector<std::string>& fields) const {
  if (fields.size() <= std::max(optimizer_, trials_)) {
    throw core::InputError(
        fmt::format("{}: row {} has {} fields, too few for a run; the file is "
                    "damaged: rerun the sweep with --force",
                    path_, row, fields.size()));
  }
  const std::string& count = fields[trials_];
  const bool digits = !count.empty() && count.size() <= 9 &&
                      count.find_first_not_of("0123456789") == std::string::npos;
  if (!digits) {
    throw core::InputError(
        fmt::format("{}: row {} has '{}' for trials; the file is damaged: "
                    "rerun the sweep with --force",
                    path_, row, traces::printable(count)));
  }
  const core::OptimizerInfo* info = core::find_optimizer_info(fields[optimizer_]);
  return info && info->full_grid ? 0 : std::stoul(count);
}

bool ends_whole(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in || in.tellg() <= 0) return true;
  in.seekg(-1, std::ios::end);
  return in.get() == '\n';
}

namespace {

// sweep.json's field `key` if it has `is` type, else `otherwise`.
template <typename T>
T field_or(const nlohmann::json& record, const char* key, bool (nlohmann::json::*is)() const,
           T otherwise) {
  const auto it = record.find(key);
  return it != record.end() && ((*it).*is)() ? it->get<T>() : otherwise;
}

}  // namespace

void check_sweep_whole(const std::string& dir, bool with_trials) {
  const nlohmann::json record = read_sweep_record(dir);
  const std::string rerun = "; rerun the sweep's command (" +
                            traces::printable(field_or<std::string>(
                                record, "command", &nlohmann::json::is_string, "edgetune sweep")) +
                            ") and it resumes";
  if (!field_or<bool>(record, "complete", &nlohmann::json::is_boolean, false)) {
    throw core::InputError(dir + ": the sweep has not completed (sweep.json says so)" + rerun);
  }
  const std::string runs_path = dir + "/runs.csv", trials_path = dir + "/trials.csv";
  std::vector<std::string> tables = {runs_path};
  if (with_trials) tables.push_back(trials_path);
  for (const std::string& path : tables) {
    if (!std::ifstream(path)) throw core::InputError(path + ": missing" + rerun);
    if (!ends_whole(path)) throw core::InputError(path + ": its last row is cut short" + rerun);
  }
  // Trial rows each run still lacks, by run id.
  std::map<std::size_t, std::size_t> due;
  std::string line;
  {
    LineReader runs(runs_path);
    if (!runs.next(line)) throw core::InputError(runs_path + ": empty" + rerun);
    const TrialRowsDue rows_due(runs_path, parse_csv_line(line));
    while (runs.next(line)) {
      const std::size_t row = runs.lines_read();
      const std::size_t id = checked_run_id(runs_path, row, line);
      if (!due.emplace(id, rows_due(row, parse_csv_line(line))).second) {
        throw core::InputError(
            fmt::format("{}: run {} has two rows; the file is damaged{}", runs_path, id, rerun));
      }
    }
  }
  const auto stats = record.find("stats");
  const std::size_t total =
      stats != record.end() && stats->is_object()
          ? field_or<std::size_t>(*stats, "runs_total", &nlohmann::json::is_number_unsigned,
                                  due.size())
          : field_or<std::size_t>(record, "runs_total", &nlohmann::json::is_number_unsigned,
                                  due.size());
  if (due.size() != total) {
    throw core::InputError(fmt::format("{}: holds {} of the sweep's {} runs; rows were lost{}",
                                       runs_path, due.size(), total, rerun));
  }
  if (!with_trials) return;
  LineReader trials(trials_path);
  trials.next(line);  // the header
  while (trials.next(line)) {
    const std::size_t id = checked_run_id(trials_path, trials.lines_read(), line);
    const auto run = due.find(id);
    if (run == due.end() || run->second == 0) {
      throw core::InputError(
          fmt::format("{}: row {} is a trial of run {}, which runs.csv does not "
                      "hold or holds fewer trials of{}",
                      trials_path, trials.lines_read(), id, rerun));
    }
    --run->second;
  }
  for (const auto& [id, missing] : due) {
    if (missing > 0) {
      throw core::InputError(fmt::format("{}: lacks {} trial rows of run {} (cut short?){}",
                                         trials_path, missing, id, rerun));
    }
  }
}

void check_sweep_input(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) return check_sweep_whole(path, false);
  if (!ends_whole(path)) {
    throw core::InputError(path +
                           ": its last row is cut short; copy it again from a complete sweep");
  }
}

}  // namespace experiments
