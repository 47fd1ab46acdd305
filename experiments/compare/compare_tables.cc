#include "experiments/compare/compare_tables.h"

#include <fmt/format.h>

namespace experiments {
namespace {

ReportColumn number(const std::string& key, const std::string& heading, const char* format,
                    double scale = 1.0) {
  return ReportColumn{key, heading, format, scale, true};
}

}  // namespace

ReportTable paired_table(const std::vector<PairedRow>& rows) {
  ReportTable table;
  table.columns = {text_column("a", "method"),
                   text_column("b", "against"),
                   text_column("goal", "goal"),
                   number("cells", "cells", "{}"),
                   number("median_difference", "median diff", "{:+.4f}"),
                   number("median_ci_low", "95% CI low", "{:+.4f}"),
                   number("median_ci_high", "95% CI high", "{:+.4f}"),
                   number("mean_difference", "mean diff", "{:+.4f}"),
                   number("mean_ci_low", "", "{:+.4f}"),
                   number("mean_ci_high", "", "{:+.4f}"),
                   number("wins", "wins", "{}"),
                   number("ties", "ties", "{}"),
                   number("losses", "losses", "{}"),
                   number("wilcoxon_p", "", "{:.2g}"),
                   number("wilcoxon_p_holm", "p (Wilcoxon, Holm)", "{:.2g}"),
                   number("wilcoxon_exact", "", "{}"),
                   number("r_plus", "", "{}"),
                   number("r_minus", "", "{}"),
                   number("a_only_infeasible", "only method infeasible", "{}"),
                   number("b_only_infeasible", "only against infeasible", "{}"),
                   number("mcnemar_p", "", "{:.2g}"),
                   number("mcnemar_p_holm", "p (McNemar, Holm)", "{:.2g}")};
  for (const PairedRow& r : rows) {
    table.rows.push_back({r.a,
                          r.b,
                          r.goal,
                          static_cast<long long>(r.cells),
                          r.median_difference,
                          r.median_interval.low,
                          r.median_interval.high,
                          r.mean_difference,
                          r.mean_interval.low,
                          r.mean_interval.high,
                          static_cast<long long>(r.wins),
                          static_cast<long long>(r.ties),
                          static_cast<long long>(r.losses),
                          r.wilcoxon.p_value,
                          r.wilcoxon_holm,
                          static_cast<long long>(r.wilcoxon.exact),
                          r.wilcoxon.r_plus,
                          r.wilcoxon.r_minus,
                          static_cast<long long>(r.a_only_infeasible),
                          static_cast<long long>(r.b_only_infeasible),
                          r.mcnemar_p,
                          r.mcnemar_holm});
  }
  return table;
}

ReportTable ranking_table(const MethodRanking& ranking) {
  ReportTable table;
  table.columns = {text_column("optimizer", "optimizer"),
                   number("mean_rank", "mean rank", "{:.2f}")};
  for (double tau : ranking.taus) {
    table.columns.push_back(
        number(fmt::format("profile_{}", tau), fmt::format("within {}x", tau), "{:.1f}%", 100.0));
  }
  for (std::size_t m = 0; m < ranking.methods.size(); ++m) {
    std::vector<ReportValue>& row = table.rows.emplace_back();
    row.emplace_back(std::in_place_type<std::string>, ranking.methods[m]);
    row.emplace_back(std::in_place_type<double>, ranking.friedman.mean_ranks[m]);
    for (double share : ranking.profiles[m]) row.emplace_back(std::in_place_type<double>, share);
  }
  return table;
}

ReportTable exploration_table(const std::vector<ExplorationRow>& rows) {
  ReportTable table;
  table.columns = {text_column("sweep", ""),
                   text_column("optimizer", "optimizer"),
                   text_column("goal", "goal"),
                   number("runs", "runs", "{}"),
                   number("over_budget", "over budget", "{:.2f}"),
                   number("over_budget_5pct", "> 5% over", "{:.2f}"),
                   number("over_budget_20pct", "> 20% over", "{:.2f}"),
                   number("over_budget_measured", "over as read", "{:.2f}"),
                   number("energy_over_budget_j", "J over budget", "{:.1f}"),
                   number("under_target", "under target", "{:.2f}"),
                   number("trials_to_feasible", "trials to feasible", "{:.0f}"),
                   number("never_feasible", "never feasible", "{:.1f}%", 100.0),
                   number("trials_to_95pct", "trials to 95%", "{:.0f}")};
  for (const ExplorationRow& r : rows) {
    table.rows.push_back({r.sweep, r.optimizer, r.goal, static_cast<long long>(r.runs),
                          r.over_budget, r.over_budget_5pct, r.over_budget_20pct,
                          r.over_budget_measured, r.energy_over_budget_j, r.under_target,
                          r.trials_to_feasible, r.never_feasible, r.trials_to_95pct});
  }
  return table;
}

}  // namespace experiments
