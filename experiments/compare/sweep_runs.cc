#include "experiments/compare/sweep_runs.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "core/errors.h"
#include "experiments/tables/csv.h"

namespace experiments {
namespace {

// The column's index, or none when an older runs.csv lacks it.
std::optional<std::size_t> optional_column(const CsvTable& table, const std::string& name) {
  const auto it = std::find(table.header.begin(), table.header.end(), name);
  if (it == table.header.end()) return std::nullopt;
  return static_cast<std::size_t>(it - table.header.begin());
}

}  // namespace

SweepRuns load_sweep_runs(const std::string& path, const std::string& label) {
  const std::string file = std::filesystem::is_directory(path) ? path + "/runs.csv" : path;
  const CsvTable table = read_csv_table(file);
  SweepRuns sweep;
  sweep.label = label;
  const std::size_t surface = table.column("surface"), scenario = table.column("scenario"),
                    seed_index = table.column("seed_index"), goal = table.column("goal"),
                    optimizer = table.column("optimizer"), score = table.column("score"),
                    feasible = table.column("feasible"), budget = table.column("power_budget_w"),
                    target = table.column("throughput_target_fps");
  const auto figure = [&](std::size_t row, const char* name) {
    const std::optional<std::size_t> c = optional_column(table, name);
    return c ? table.number(row, *c) : NAN;
  };
  std::set<std::string> seen;
  std::map<std::string, std::set<std::string>> seeds_of_cell;  // surface/scenario -> seeds
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    RunRecord run;
    run.cell = row[surface] + "/" + row[scenario] + "/" + row[seed_index];
    run.goal = row[goal];
    run.power_budget_w = table.number(r, budget);
    run.throughput_target_fps = table.number(r, target);
    run.optimizer = row[optimizer];
    run.score = table.number(r, score);
    if (!std::isfinite(run.score)) run.score = 0.0;
    run.feasible = table.number(r, feasible) == 1.0;
    run.exploration = {figure(r, "true_over_budget"),       figure(r, "true_over_budget_5pct"),
                       figure(r, "true_over_budget_20pct"), figure(r, "budget_violations"),
                       figure(r, "energy_over_budget_j"),   figure(r, "true_under_target"),
                       figure(r, "trials_to_feasible"),     figure(r, "trials_to_95pct")};
    if (!seen.insert(run.optimizer + "@" + run.cell).second) {
      throw core::InputError(label + " (" + file + "): " + run.optimizer + " has two runs in " +
                             run.cell + "; a runs.csv holds one run per method and cell");
    }
    if (std::find(sweep.optimizers.begin(), sweep.optimizers.end(), run.optimizer) ==
        sweep.optimizers.end()) {
      sweep.optimizers.push_back(run.optimizer);
    }
    seeds_of_cell[row[surface] + "/" + row[scenario]].insert(row[seed_index]);
    sweep.runs.push_back(std::move(run));
  }
  if (sweep.runs.empty()) {
    throw core::InputError(label + " (" + file +
                           "): no runs to compare; run the sweep (or let it finish) first");
  }
  sweep.file = file;
  sweep.has_exploration = optional_column(table, "true_over_budget").has_value();
  for (const auto& [group, seeds] : seeds_of_cell) {
    if (sweep.fewest_seeds_at.empty() || seeds.size() < sweep.fewest_seeds) {
      sweep.fewest_seeds_at = group;
      sweep.fewest_seeds = seeds.size();
    }
  }
  return sweep;
}

void require_two_seeds(const SweepRuns& sweep) {
  if (sweep.fewest_seeds < 2) {
    throw core::InputError(sweep.label + " (" + sweep.file + "): " + sweep.fewest_seeds_at +
                           " has one seed; intervals and paired tests need at least two "
                           "(sweep --seeds 2 or more)");
  }
}

std::vector<const RunRecord*> runs_of(const SweepRuns& sweep, const std::string& optimizer) {
  std::vector<const RunRecord*> runs;
  for (const RunRecord& r : sweep.runs) {
    if (r.optimizer == optimizer) runs.push_back(&r);
  }
  std::sort(runs.begin(), runs.end(),
            [](const RunRecord* a, const RunRecord* b) { return a->cell < b->cell; });
  return runs;
}

}  // namespace experiments
