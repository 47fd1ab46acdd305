#include "experiments/report/sweep_summary.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "core/errors.h"
#include "core/seed.h"
#include "experiments/stats/quantile.h"
#include "experiments/tables/csv.h"
#include "experiments/tables/goal_kinds.h"

namespace experiments {
namespace {

// Fewer than the tables' resamples: a band is drawn, not printed, and costs
// runs x trials per resample.
constexpr int kConvergenceResamples = 1000;

std::size_t index_of(std::vector<std::string>& names, const std::string& name) {
  const auto it = std::find(names.begin(), names.end(), name);
  if (it != names.end()) return static_cast<std::size_t>(it - names.begin());
  names.push_back(name);
  return names.size() - 1;
}

// Each run's best-so-far score after `after` trials (its last value when it
// stopped sooner), by run id.
std::map<std::string, double> best_after(const CsvTable& trials, std::size_t after) {
  const std::size_t run_id = trials.column("run_id"), trial = trials.column("trial"),
                    best = trials.column("best_score");
  std::map<std::string, double> by_run;
  // Rows of a run are in trial order: the last one within `after` wins.
  for (std::size_t r = 0; r < trials.rows.size(); ++r) {
    if (trials.number(r, trial) < static_cast<double>(after))
      by_run[trials.rows[r][run_id]] = trials.number(r, best);
  }
  return by_run;
}

}  // namespace

std::vector<SummaryRow> summarize_runs(const CsvTable& runs, const CsvTable* trials_table,
                                       std::uint64_t seed) {
  const std::map<std::string, double> at_10 =
      trials_table ? best_after(*trials_table, 10) : std::map<std::string, double>{};
  const std::map<std::string, double> at_15 =
      trials_table ? best_after(*trials_table, 15) : std::map<std::string, double>{};
  const std::size_t run_id = trials_table ? runs.column("run_id") : 0;
  const std::size_t optimizer = runs.column("optimizer"), goal = runs.column("goal"),
                    provenance = runs.column("provenance"), score = runs.column("score"),
                    denoised = runs.column("denoised_score"), feasible = runs.column("feasible"),
                    trials = runs.column("trials"), board = runs.column("board_seconds"),
                    over = runs.column("budget_violations"), error = runs.column("error");
  std::vector<std::string> optimizers;
  for (const auto& row : runs.rows) index_of(optimizers, row[optimizer]);
  std::vector<SummaryRow> summary;
  for (const std::string& name : optimizers) {
    // Synthetic rows first, then recorded: scores on the two differ in kind.
    for (const char* data : {"synthetic", "recorded"}) {
      for (const char* kind : kGoalKindOrder) {
        std::vector<double> scores, denoised_scores, trial_counts, board_s, over_budget, early_10,
            early_15, feasible_flags;
        SummaryRow out;
        for (std::size_t r = 0; r < runs.rows.size(); ++r) {
          const auto& row = runs.rows[r];
          if (row[optimizer] != name || row[goal] != kind || row[provenance] != data) continue;
          ++out.runs;
          if (!row[error].empty()) ++out.failed;
          scores.push_back(runs.number(r, score));
          denoised_scores.push_back(runs.number(r, denoised));
          const auto found_10 = at_10.find(row[run_id]), found_15 = at_15.find(row[run_id]);
          if (found_10 != at_10.end()) early_10.push_back(found_10->second);
          if (found_15 != at_15.end()) early_15.push_back(found_15->second);
          feasible_flags.push_back(runs.number(r, feasible));
          trial_counts.push_back(runs.number(r, trials));
          board_s.push_back(runs.number(r, board));
          over_budget.push_back(runs.number(r, over));
        }
        if (out.runs == 0) continue;
        out.optimizer = name;
        out.data = data;
        out.goal = kind;
        out.median_score = percentile(scores, 0.5);
        out.median_denoised_score = percentile(denoised_scores, 0.5);
        out.median_at_10 = early_10.empty() ? NAN : percentile(early_10, 0.5);
        out.median_at_15 = early_15.empty() ? NAN : percentile(early_15, 0.5);
        out.p10_score = percentile(scores, 0.1);
        const std::uint64_t row_seed =
            core::derive_seed(seed, core::hash_name(name + "/" + data + "/" + kind));
        out.median_interval = bootstrap_interval(scores, median_of, core::derive_seed(row_seed, 1));
        out.p10_interval = bootstrap_interval(scores, p10_of, core::derive_seed(row_seed, 2));
        out.feasible_interval =
            bootstrap_interval(feasible_flags, mean_of, core::derive_seed(row_seed, 3));
        out.feasible_rate = mean(feasible_flags);
        out.mean_trials = mean(trial_counts);
        out.mean_board_seconds = mean(board_s);
        out.mean_over_budget_trials = mean(over_budget);
        summary.push_back(out);
      }
    }
  }
  return summary;
}

void IntervalFigure::add_columns(std::vector<ReportColumn>& columns) const {
  for (const char* suffix : {"", "_ci_low", "_ci_high"})
    columns.push_back(ReportColumn{key + suffix, "", format, scale});
  columns.push_back(text_column("", heading));
}

void IntervalFigure::add_values(std::vector<ReportValue>& row, double value,
                                const Interval& interval) const {
  row.emplace_back(std::in_place_type<double>, value);
  row.emplace_back(std::in_place_type<double>, interval.low);
  row.emplace_back(std::in_place_type<double>, interval.high);
  const auto print = [&](double v) { return fmt::format(fmt::runtime(format), v * scale); };
  row.emplace_back(std::in_place_type<std::string>,
                   std::isnan(value) ? std::string("-")
                                     : print(value) + " [" + print(interval.low) + ", " +
                                           print(interval.high) + "]");
}

ReportTable summary_table(const std::vector<SummaryRow>& rows) {
  const auto number = [](const char* key, const char* heading, const char* format,
                         double scale = 1.0, bool dash = false) {
    return ReportColumn{key, heading, format, scale, dash};
  };
  const IntervalFigure median{"median_score", "median score [95% CI]", "{:.3f}"};
  const IntervalFigure p10{"p10_score", "p10 score [95% CI]", "{:.3f}"};
  const IntervalFigure feasible{"feasible_rate", "feasible [95% CI]", "{:.1f}%", 100.0};
  ReportTable table;
  std::vector<ReportColumn>& columns = table.columns;
  columns = {text_column("optimizer", "optimizer"), text_column("data", "data"),
             text_column("goal", "goal"), number("runs", "runs", "{}")};
  median.add_columns(columns);
  p10.add_columns(columns);
  columns.insert(columns.end(), {number("median_denoised_score", "median denoised", "{:.3f}"),
                                 number("median_at_10", "median @10", "{:.3f}", 1.0, true),
                                 number("median_at_15", "median @15", "{:.3f}", 1.0, true)});
  feasible.add_columns(columns);
  columns.insert(columns.end(), {number("mean_trials", "mean trials", "{:.1f}"),
                                 number("mean_board_seconds", "mean board s", "{:.0f}"),
                                 number("mean_over_budget_trials", "over-budget trials", "{:.2f}"),
                                 number("failed", "failed", "{}")});
  for (const SummaryRow& r : rows) {
    std::vector<ReportValue>& row = table.rows.emplace_back();
    row.emplace_back(std::in_place_type<std::string>, r.optimizer);
    row.emplace_back(std::in_place_type<std::string>, r.data);
    row.emplace_back(std::in_place_type<std::string>, r.goal);
    row.emplace_back(std::in_place_type<long long>, static_cast<long long>(r.runs));
    median.add_values(row, r.median_score, r.median_interval);
    p10.add_values(row, r.p10_score, r.p10_interval);
    for (double v : {r.median_denoised_score, r.median_at_10, r.median_at_15})
      row.emplace_back(std::in_place_type<double>, v);
    feasible.add_values(row, r.feasible_rate, r.feasible_interval);
    for (double v : {r.mean_trials, r.mean_board_seconds, r.mean_over_budget_trials})
      row.emplace_back(std::in_place_type<double>, v);
    row.emplace_back(std::in_place_type<long long>, static_cast<long long>(r.failed));
  }
  return table;
}

std::vector<ConvergenceCurve> convergence(const CsvTable& trials, std::size_t max_trials,
                                          std::uint64_t seed) {
  const std::size_t optimizer = trials.column("optimizer"), run_id = trials.column("run_id"),
                    trial = trials.column("trial"), best = trials.column("best_score");
  std::vector<std::string> names;
  std::vector<std::vector<std::vector<double>>> curves;  // [optimizer][run][trial]
  // Rows of one run are contiguous and in trial order; each run's
  // best-so-far fills every trial index, carrying its last value to the end.
  for (std::size_t r = 0; r < trials.rows.size();) {
    const std::string& id = trials.rows[r][run_id];
    const std::size_t o = index_of(names, trials.rows[r][optimizer]);
    if (o == curves.size()) curves.emplace_back();
    std::vector<double> curve(max_trials, 0.0);
    double last = 0.0;
    std::size_t next_t = 0;
    for (; r < trials.rows.size() && trials.rows[r][run_id] == id; ++r) {
      const std::size_t t = static_cast<std::size_t>(trials.number(r, trial));
      last = trials.number(r, best);
      for (; next_t <= t && next_t < max_trials; ++next_t) curve[next_t] = last;
    }
    for (; next_t < max_trials; ++next_t) curve[next_t] = last;
    curves[o].push_back(std::move(curve));
  }
  std::vector<ConvergenceCurve> out;
  for (std::size_t o = 0; o < names.size(); ++o) {
    ConvergenceCurve curve{names[o], std::vector<double>(max_trials, 0.0), {}};
    for (const std::vector<double>& run : curves[o]) {
      for (std::size_t t = 0; t < max_trials; ++t) curve.mean_best_score[t] += run[t];
    }
    for (double& v : curve.mean_best_score) v /= static_cast<double>(curves[o].size());
    curve.band = bootstrap_mean_bands(curves[o], core::derive_seed(seed, core::hash_name(names[o])),
                                      kConvergenceResamples);
    out.push_back(std::move(curve));
  }
  return out;
}

}  // namespace experiments
