#include "experiments/report/drift_summary.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

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

std::vector<DriftRow> summarize_drift(const CsvTable& runs, const CsvTable& trials) {
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
      std::vector<double> scores, recoveries;
      std::size_t duals = 0, duals_met = 0;
      for (std::size_t r = 0; r < runs.rows.size(); ++r) {
        const auto& row = runs.rows[r];
        if (std::isnan(runs.number(r, at)) || row[optimizer] != name || row[provenance] != data)
          continue;
        ++out.runs;
        const bool met = runs.number(r, feasible) > 0;
        if (row[goal] == "dual") {
          ++duals;
          duals_met += met ? 1 : 0;
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
      out.dual_met = duals ? static_cast<double>(duals_met) / static_cast<double>(duals) : NAN;
      out.median_recovery = recoveries.empty() ? NAN : percentile(recoveries, 0.5);
      rows.push_back(out);
    }
  }
  return rows;
}

std::string drift_markdown(const std::vector<DriftRow>& rows) {
  const auto value = [](double v, const char* format) {
    return std::isnan(v) ? std::string("-") : fmt::format(fmt::runtime(format), v);
  };
  std::string md =
      "| optimizer | data | drift runs | post-drift median (single target) | p10 | dual met | "
      "feasible | infeasible | none | ended before the drift | recovered to 90% | "
      "median trials to 90% (recovered) | runs with alarms |\n"
      "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const DriftRow& r : rows) {
    md += fmt::format(
        "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", r.optimizer, r.data,
        r.runs, value(r.median_score, "{:.3f}"), value(r.p10_score, "{:.3f}"),
        value(100 * r.dual_met, "{:.1f}%"), r.feasible, r.infeasible, r.none, r.ended_before,
        r.runs - r.ended_before - r.never_recovered, value(r.median_recovery, "{:.1f}"), r.alarmed);
  }
  return md;
}

std::string drift_csv(const std::vector<DriftRow>& rows) {
  std::string csv =
      "optimizer,data,runs,median_score,p10_score,dual_met,feasible,infeasible,none,"
      "ended_before,median_recovery,never_recovered,alarmed\n";
  for (const DriftRow& r : rows) {
    csv +=
        csv_line({csv_field(r.optimizer), csv_field(r.data), std::to_string(r.runs),
                  csv_number(r.median_score), csv_number(r.p10_score), csv_number(r.dual_met),
                  std::to_string(r.feasible), std::to_string(r.infeasible), std::to_string(r.none),
                  std::to_string(r.ended_before), csv_number(r.median_recovery),
                  std::to_string(r.never_recovered), std::to_string(r.alarmed)}) +
        "\n";
  }
  return csv;
}

nlohmann::json drift_json(const std::vector<DriftRow>& rows) {
  const auto number = [](double v) { return std::isnan(v) ? nlohmann::json() : nlohmann::json(v); };
  nlohmann::json list = nlohmann::json::array();
  for (const DriftRow& r : rows) {
    list.push_back({{"optimizer", r.optimizer},
                    {"data", r.data},
                    {"runs", r.runs},
                    {"median_score", number(r.median_score)},
                    {"p10_score", number(r.p10_score)},
                    {"dual_met", number(r.dual_met)},
                    {"feasible", r.feasible},
                    {"infeasible", r.infeasible},
                    {"none", r.none},
                    {"ended_before", r.ended_before},
                    {"median_recovery", number(r.median_recovery)},
                    {"never_recovered", r.never_recovered},
                    {"alarmed", r.alarmed}});
  }
  return list;
}

}  // namespace experiments
