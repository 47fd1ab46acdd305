#include "experiments/sweep/sweep_tables.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/errors.h"
#include "core/trial_history.h"
#include "experiments/run/exploration_cost.h"
#include "experiments/tables/csv.h"

namespace experiments {
namespace {

using Type = traces::ResultsColumn::Type;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string flag(bool b) { return b ? "1" : "0"; }

std::string optional_number(const std::optional<double>& value) {
  return value ? csv_number(*value) : std::string();
}

// The physical value of each named knob in `config` (empty when the
// surface has no such knob or there is no config).
std::vector<std::string> knob_fields(const traces::Surface& surface,
                                     const std::vector<std::string>& knobs,
                                     const std::optional<core::Config>& config) {
  std::vector<std::string> fields;
  for (const std::string& name : knobs) {
    std::string field;
    if (config) {
      for (std::size_t k = 0; k < surface.space.num_knobs(); ++k) {
        if (surface.space.knob(k).name == name) {
          field = csv_number(surface.space.value(*config, k));
        }
      }
    }
    fields.push_back(field);
  }
  return fields;
}

void append(std::vector<std::string>& to, const std::vector<std::string>& fields) {
  to.insert(to.end(), fields.begin(), fields.end());
}

// The noise-free score of configuration `index` (0 when infeasible there).
double noise_free_score(const traces::Surface& surface, const core::Goal& goal,
                        const core::OracleResult& oracle, std::size_t index) {
  const double fps = surface.throughput_fps()[index];
  const double w = surface.power_w()[index];
  if (!oracle.best || !surface.available(index) || !goal.feasible(fps, w)) return 0.0;
  return core::score(goal, fps, w, oracle.throughput_fps, oracle.power_w);
}

// After trial t of a drift run: the score of what the optimizer recommended
// then, on the surface the run is scored on; "" when not tracked.
std::string recommended_score(const RunResult& r, std::size_t t) {
  if (t >= r.recommended_after.size()) return "";
  const long index = r.recommended_after[t];
  if (index < 0) return csv_number(0.0);
  return csv_number(noise_free_score(r.spec.scored_surface(), r.spec.goal, r.reference.oracle,
                                     static_cast<std::size_t>(index)));
}

}  // namespace

std::vector<TableColumn> runs_columns(const std::vector<std::string>& knobs) {
  std::vector<TableColumn> columns = {{"run_id", Type::kInteger},
                                      {"surface", Type::kText},
                                      {"device", Type::kText},
                                      {"model", Type::kText},
                                      {"provenance", Type::kText},
                                      {"scenario", Type::kText},
                                      {"drift_at_trial", Type::kReal},  // NaN: no drift
                                      {"goal", Type::kText},
                                      {"power_budget_w", Type::kReal},
                                      {"throughput_target_fps", Type::kReal},
                                      {"optimizer", Type::kText},
                                      {"seed_index", Type::kInteger},
                                      {"seed", Type::kUnsigned},
                                      {"trials", Type::kInteger},
                                      {"max_trials", Type::kInteger},
                                      {"stopped_early", Type::kInteger},
                                      {"board_seconds", Type::kReal}};
  for (const std::string& knob : knobs) columns.push_back({knob, Type::kReal});
  const std::vector<TableColumn> tail = {
      {"throughput_fps", Type::kReal},
      {"power_w", Type::kReal},
      {"feasible", Type::kInteger},
      {"score", Type::kReal},
      {"denoised_score", Type::kReal},
      {"oracle_throughput_fps", Type::kReal},
      {"oracle_power_w", Type::kReal},
      {"budget_violations", Type::kInteger},
      // run/exploration_cost.h; "true_": on the noise-free surface.
      {"over_budget_5pct", Type::kInteger},
      {"over_budget_20pct", Type::kInteger},
      {"true_over_budget", Type::kInteger},
      {"true_over_budget_5pct", Type::kInteger},
      {"true_over_budget_20pct", Type::kInteger},
      {"energy_over_budget_j", Type::kReal},
      {"under_target", Type::kInteger},
      {"true_under_target", Type::kInteger},
      {"trials_to_feasible", Type::kReal},  // NaN: never
      {"trials_to_95pct", Type::kReal},     // NaN: score 0
      {"events", Type::kInteger},
      {"error", Type::kText}};
  columns.insert(columns.end(), tail.begin(), tail.end());
  return columns;
}

std::vector<TableColumn> trials_columns(const std::vector<std::string>& knobs) {
  std::vector<TableColumn> columns = {{"run_id", Type::kInteger},     {"surface", Type::kText},
                                      {"scenario", Type::kText},      {"optimizer", Type::kText},
                                      {"seed_index", Type::kInteger}, {"trial", Type::kInteger}};
  for (const std::string& knob : knobs) columns.push_back({knob, Type::kReal});
  const std::vector<TableColumn> tail = {
      {"available", Type::kInteger},
      {"throughput_fps", Type::kReal},
      {"power_w", Type::kReal},
      {"cost_s", Type::kReal},
      {"over_budget", Type::kInteger},
      {"best_score", Type::kReal},
      {"recommended_score", Type::kReal},  // NaN: not tracked (no drift)
      {"event", Type::kText}};
  columns.insert(columns.end(), tail.begin(), tail.end());
  return columns;
}

std::string header_line(const std::vector<TableColumn>& columns) {
  std::vector<std::string> names;
  for (const TableColumn& c : columns) names.push_back(csv_field(c.name));
  return csv_line(names);
}

std::string runs_row(const SweepPlan& plan, const std::vector<std::string>& knobs,
                     const RunOutcome& outcome) {
  const SweepRun& run = outcome.run;
  const traces::Surface& surface = *plan.surfaces[run.surface];
  const RunResult* r = outcome.result ? &*outcome.result : nullptr;
  const std::optional<Drift>& drift = plan.scenarios.scenarios[run.scenario].drift;
  std::vector<std::string> f = {
      std::to_string(run.id),
      csv_field(surface_name(surface)),
      csv_field(surface.device),
      csv_field(surface.model),
      csv_field(surface.provenance),
      csv_field(plan.scenarios.scenarios[run.scenario].name),
      drift ? std::to_string(drift->at_trial) : "",
      outcome.goal ? outcome.goal->kind() : plan.scenarios.scenarios[run.scenario].kind,
      outcome.goal ? optional_number(outcome.goal->power_budget_w) : "",
      outcome.goal ? optional_number(outcome.goal->throughput_target_fps) : "",
      csv_field(plan.optimizers[run.optimizer]),
      std::to_string(run.seed_index),
      std::to_string(run.seed),
      r ? std::to_string(r->log.trials.size()) : "0",
      r ? std::to_string(r->spec.budget.max_trials) : std::to_string(plan.trials),
      flag(r && r->log.stopped_early),
      r ? csv_number(r->log.board_seconds) : "0"};
  append(f, knob_fields(surface, knobs, r ? r->log.recommended : std::nullopt));
  append(f, {r ? csv_number(r->throughput_fps) : "", r ? csv_number(r->power_w) : "",
             flag(r && r->feasible), r ? csv_number(r->score) : "0",
             r ? csv_number(r->denoised_score) : "0",
             r ? csv_number(r->reference.oracle.throughput_fps) : "",
             r ? csv_number(r->reference.oracle.power_w) : "",
             r ? std::to_string(r->log.budget_violations) : "0"});
  const ExplorationCost cost = r ? exploration_cost(*r) : ExplorationCost{};
  const auto count = [](const std::optional<int>& n) { return n ? std::to_string(*n) : ""; };
  append(f,
         {std::to_string(cost.measured.over_5pct), std::to_string(cost.measured.over_20pct),
          std::to_string(cost.noise_free.any), std::to_string(cost.noise_free.over_5pct),
          std::to_string(cost.noise_free.over_20pct), csv_number(cost.energy_over_budget_j),
          std::to_string(cost.under_target_measured), std::to_string(cost.under_target_noise_free),
          count(cost.trials_to_feasible), count(cost.trials_to_95pct),
          r ? std::to_string(r->log.events.size()) : "0", csv_field(outcome.error)});
  return csv_line(f);
}

std::vector<std::string> trials_rows(const SweepPlan& plan, const std::vector<std::string>& knobs,
                                     const RunOutcome& outcome) {
  std::vector<std::string> rows;
  if (!outcome.result) return rows;
  const RunResult& r = *outcome.result;
  const SweepRun& run = outcome.run;
  const traces::Surface& surface = *plan.surfaces[run.surface];
  const core::Goal& goal = r.spec.goal;
  const std::vector<std::string> prefix = {std::to_string(run.id), csv_field(surface_name(surface)),
                                           csv_field(plan.scenarios.scenarios[run.scenario].name),
                                           csv_field(plan.optimizers[run.optimizer]),
                                           std::to_string(run.seed_index)};
  core::TrialHistory history;
  history.reset(surface.space);
  rows.reserve(r.log.trials.size());
  auto event = r.log.events.begin();
  for (std::size_t t = 0; t < r.log.trials.size(); ++t) {
    const core::Measurement& m = r.log.trials[t];
    history.add(m);
    // What the optimizer noticed at this trial (several: joined by "; ").
    std::string noticed;
    for (; event != r.log.events.end() && event->trial <= t; ++event)
      noticed += (noticed.empty() ? "" : "; ") + event->what;
    const core::TrialHistory::Entry* best = history.best_feasible(goal);
    // On the surface the run is scored on: after a drift, the post-drift one.
    const double best_score =
        best ? noise_free_score(r.spec.scored_surface(), goal, r.reference.oracle, best->index)
             : 0.0;
    const bool over_budget = goal.power_budget_w && m.available && m.power_w > *goal.power_budget_w;
    std::vector<std::string> f = prefix;
    f.push_back(std::to_string(t));
    append(f, knob_fields(surface, knobs, m.config));
    append(f, {flag(m.available), m.available ? csv_number(m.throughput_fps) : "",
               m.available ? csv_number(m.power_w) : "", csv_number(m.cost_s), flag(over_budget),
               csv_number(best_score), recommended_score(r, t), csv_field(noticed)});
    rows.push_back(csv_line(f));
  }
  return rows;
}

traces::ResultsTable table_from_csv(const std::string& name,
                                    const std::vector<TableColumn>& columns,
                                    const std::vector<std::string>& lines, std::size_t first_row) {
  traces::ResultsTable table;
  table.name = name;
  for (const TableColumn& c : columns) {
    traces::ResultsColumn column;
    column.name = c.name;
    column.type = c.type;
    table.columns.push_back(std::move(column));
  }
  for (std::size_t row = 0; row < lines.size(); ++row) {
    const std::vector<std::string> fields = parse_csv_line(lines[row]);
    if (fields.size() != columns.size()) {
      throw core::InputError(
          fmt::format("{}.csv: row {} has {} fields, the header {}; the file "
                      "was edited or written by another version",
                      name, first_row + row + 1, fields.size(), columns.size()));
    }
    for (std::size_t c = 0; c < columns.size(); ++c) {
      traces::ResultsColumn& column = table.columns[c];
      const std::string& field = fields[c];
      try {
        switch (column.type) {
          case Type::kText:
            column.text.push_back(field);
            break;
          case Type::kInteger:
            column.integer.push_back(std::stoll(field));
            break;
          case Type::kUnsigned:
            column.unsigned_integer.push_back(std::stoull(field));
            break;
          case Type::kReal:
            column.real.push_back(field.empty() ? kNaN : std::stod(field));
            break;
        }
      } catch (const std::logic_error&) {
        throw core::InputError(fmt::format("{}.csv: row {} column {}: '{}' is not a number", name,
                                           first_row + row + 1, column.name, field));
      }
    }
  }
  return table;
}

void write_csv_table(traces::ResultsFileWriter& writer, const std::string& name,
                     const std::string& csv_path, const std::vector<TableColumn>& columns) {
  constexpr std::size_t kBatchRows = 4096;
  std::vector<traces::ResultsFileWriter::ColumnSpec> specs;
  for (const TableColumn& c : columns) specs.push_back({c.name, c.type, 1});
  std::size_t rows = 0;
  std::string line;
  {
    LineReader lines(csv_path);
    if (!lines.next(line)) throw core::InputError(csv_path + ": missing or empty; rerun the sweep");
    while (lines.next(line)) {
      ++rows;
      const std::vector<std::string> fields = parse_csv_line(line);
      for (std::size_t c = 0; c < specs.size() && c < fields.size(); ++c) {
        specs[c].text_width = std::max(specs[c].text_width, fields[c].size());
      }
    }
  }
  writer.begin_table(name, specs, rows);
  LineReader lines(csv_path);
  lines.next(line);  // the header
  std::vector<std::string> batch;
  std::size_t first_row = 0;
  const auto flush = [&] {
    writer.append(table_from_csv(name, columns, batch, first_row));
    first_row += batch.size();
    batch.clear();
  };
  for (std::size_t row = 0; row < rows && lines.next(line); ++row) {
    batch.push_back(std::move(line));
    if (batch.size() == kBatchRows) flush();
  }
  if (!batch.empty()) flush();
  if (first_row != rows) throw core::InputError(csv_path + ": changed while being read");
}

}  // namespace experiments
