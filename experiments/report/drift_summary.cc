#include "experiments/report/drift_summary.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "core/seed.h"
#include "experiments/stats/bootstrap.h"
#include "experiments/stats/quantile.h"
#include "experiments/tables/csv.h"

namespace experiments {
namespace {

// A recommendation within this share of the post-drift oracle has recovered.
constexpr double kRecovered = 0.9;

// What the trials say of each drift run after its drift.
struct AfterDrift {
  // Trials until recommended_score first reached kRecovered; NaN if never.
  double recovery = NAN;
};

// Per run id that ran a trial at or after its drift: the trials after the
// drift until recommended_score first reaches kRecovered (the drift's own
// trial counts as 1).
std::map<std::string, AfterDrift> after_drift(const CsvTable& trials,
                                              const std::map<std::string, double>& drift_at) {
  const std::size_t run_id = trials.column("run_id"), trial = trials.column("trial"),
                    score = trials.column("recommended_score");
  std::map<std::string, AfterDrift> out;
  for (std::size_t r = 0; r < trials.rows.size(); ++r) {
    const std::string& id = trials.rows[r][run_id];
    const auto at = drift_at.find(id);
    const double t = trials.number(r, trial);
    if (at == drift_at.end() || t < at->second) continue;
    AfterDrift& run = out[id];
    if (std::isnan(run.recovery) && trials.number(r, score) >= kRecovered)
      run.recovery = t - at->second + 1;
  }
  return out;
}

}  // namespace

std::vector<DriftRow> summarize_drift(const CsvTable& runs, const CsvTable& trials,
                                      std::uint64_t seed) {
  const std::size_t run_id = runs.column("run_id"), optimizer = runs.column("optimizer"),
                    provenance = runs.column("provenance"), goal = runs.column("goal"),
                    at = runs.column("drift_at_trial"), score = runs.column("score"),
                    feasible = runs.column("feasible"), power = runs.column("power_w"),
                    events = runs.column("events");
  std::map<std::string, double> drift_at;
  std::vector<std::string> optimizers;
  for (std::size_t r = 0; r < runs.rows.size(); ++r) {
    if (std::isnan(runs.number(r, at))) continue;
    drift_at[runs.rows[r][run_id]] = runs.number(r, at);
    const std::string& name = runs.rows[r][optimizer];
    if (std::find(optimizers.begin(), optimizers.end(), name) == optimizers.end())
      optimizers.push_back(name);
  }
  if (drift_at.empty()) return {};
  const std::map<std::string, AfterDrift> after = after_drift(trials, drift_at);
  std::vector<DriftRow> rows;
  for (const std::string& name : optimizers) {
    for (const char* data : {"synthetic", "recorded"}) {
      DriftRow out;
      std::vector<double> scores, recoveries, dual_flags;
      for (std::size_t r = 0; r < runs.rows.size(); ++r) {
        const auto& row = runs.rows[r];
        if (std::isnan(runs.number(r, at)) || row[optimizer] != name || row[provenance] != data)
          continue;
        ++out.runs;
        const bool met = runs.number(r, feasible) > 0;
        if (row[goal] == "dual") {
          dual_flags.push_back(met ? 1.0 : 0.0);
        } else {
          scores.push_back(runs.number(r, score));
        }
        // power_w is the noise-free power at the recommendation: empty
        // when there is none.
        if (met)
          ++out.feasible;
        else if (row[power].empty())
          ++out.none;
        else
          ++out.infeasible;
        if (runs.number(r, events) > 0) ++out.alarmed;
        const auto found = after.find(row[run_id]);
        if (found == after.end())
          ++out.ended_before;
        else if (std::isnan(found->second.recovery))
          ++out.never_recovered;
        else
          recoveries.push_back(found->second.recovery);
      }
      if (out.runs == 0) continue;
      out.optimizer = name;
      out.data = data;
      out.median_score = scores.empty() ? NAN : percentile(scores, 0.5);
      out.p10_score = scores.empty() ? NAN : percentile(scores, 0.1);
      out.dual_met = dual_flags.empty() ? NAN : mean(dual_flags);
      out.median_recovery = recoveries.empty() ? NAN : percentile(recoveries, 0.5);
      const std::uint64_t row_seed =
          core::derive_seed(seed, core::hash_name("drift/" + name + "/" + data));
      out.median_interval = bootstrap_interval(scores, median_of, core::derive_seed(row_seed, 1));
      out.p10_interval = bootstrap_interval(scores, p10_of, core::derive_seed(row_seed, 2));
      out.dual_met_interval =
          bootstrap_interval(dual_flags, mean_of, core::derive_seed(row_seed, 3));
      out.recovery_interval =
          bootstrap_interval(recoveries, median_of, core::derive_seed(row_seed, 4));
      rows.push_back(out);
    }
  }
  return rows;
}

ReportTable drift_table(const std::vector<DriftRow>& rows) {
  const auto count = [](const char* key, const char* heading) {
    return ReportColumn{key, heading};
  };
  const IntervalFigure median{"median_score", "post-drift median (single target) [95% CI]",
                              "{:.3f}"};
  const IntervalFigure p10{"p10_score", "p10 [95% CI]", "{:.3f}"};
  const IntervalFigure dual_met{"dual_met", "dual met [95% CI]", "{:.1f}%", 100.0};
  const IntervalFigure recovery{"median_recovery", "median trials to 90% (recovered) [95% CI]",
                                "{:.1f}"};
  ReportTable table;
  std::vector<ReportColumn>& columns = table.columns;
  columns = {text_column("optimizer", "optimizer"), text_column("data", "data"),
             count("runs", "drift runs")};
  median.add_columns(columns);
  p10.add_columns(columns);
  dual_met.add_columns(columns);
  columns.insert(
      columns.end(),
      {count("feasible", "feasible"), count("infeasible", "infeasible"), count("none", "none"),
       count("ended_before", "ended before the drift"), count("", "recovered to 90%")});
  recovery.add_columns(columns);
  columns.insert(columns.end(),
                 {count("never_recovered", ""), count("alarmed", "runs with alarms")});
  const auto add_count = [](std::vector<ReportValue>& row, std::size_t v) {
    row.emplace_back(std::in_place_type<long long>, static_cast<long long>(v));
  };
  for (const DriftRow& r : rows) {
    std::vector<ReportValue>& row = table.rows.emplace_back();
    row.emplace_back(std::in_place_type<std::string>, r.optimizer);
    row.emplace_back(std::in_place_type<std::string>, r.data);
    add_count(row, r.runs);
    median.add_values(row, r.median_score, r.median_interval);
    p10.add_values(row, r.p10_score, r.p10_interval);
    dual_met.add_values(row, r.dual_met, r.dual_met_interval);
    for (std::size_t v : {r.feasible, r.infeasible, r.none, r.ended_before,
                          r.runs - r.ended_before - r.never_recovered})
      add_count(row, v);
    recovery.add_values(row, r.median_recovery, r.recovery_interval);
    add_count(row, r.never_recovered);
    add_count(row, r.alarmed);
  }
  return table;
}

}  // namespace experiments
