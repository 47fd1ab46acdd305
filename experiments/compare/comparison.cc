#include "experiments/compare/comparison.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/errors.h"
#include "experiments/compare/compare_tables.h"
#include "experiments/tables/table_writer.h"

namespace experiments {
namespace {

nlohmann::json ranking_json(const MethodRanking& ranking) {
  nlohmann::json groups = nlohmann::json::array();
  for (const auto& group : ranking.groups) {
    nlohmann::json names = nlohmann::json::array();
    for (std::size_t m : group) names.push_back(ranking.methods[m]);
    groups.push_back(names);
  }
  return {{"friedman_statistic", ranking.friedman.statistic},
          {"friedman_p", ranking.friedman.p_value},
          {"cells", ranking.friedman.blocks},
          {"critical_difference", ranking.friedman.critical_difference},
          {"alpha", ranking.alpha},
          {"groups", groups}};
}

}  // namespace

std::vector<std::pair<std::string, ReportTable>> Comparison::tables() const {
  std::vector<std::pair<std::string, ReportTable>> out = {{"paired", paired_table(rows)}};
  if (ranking) out.emplace_back("ranking", ranking_table(*ranking));
  out.emplace_back("exploration", exploration_table(exploration));
  return out;
}

nlohmann::json Comparison::json(const CompareOptions& options) const {
  nlohmann::json j = {{"tolerance", options.tolerance}, {"alpha", options.alpha}};
  if (!against.empty()) j["against"] = against;
  if (verdict) j["verdict"] = {{"regression", verdict->regression}, {"reason", verdict->reason}};
  if (ranking) j["friedman"] = ranking_json(*ranking);
  for (const auto& [name, table] : tables()) j[name] = table_json(table);
  return j;
}

Comparison compare_sweeps(const std::vector<std::string>& paths, const CompareOptions& options) {
  if (paths.empty() || paths.size() > 2)
    throw core::InputError("compare takes one sweep (DIR) or two (BASE NEW)");
  if (!(options.tolerance >= 0)) throw core::InputError("--tolerance must be a number >= 0");
  if (!(options.alpha > 0 && options.alpha < 1))
    throw core::InputError("--alpha must lie strictly between 0 and 1");
  Comparison c;
  const bool across = paths.size() == 2;
  c.sweeps.push_back(load_sweep_runs(paths[0], across ? "BASE" : paths[0]));
  if (across) c.sweeps.push_back(load_sweep_runs(paths[1], "NEW"));
  for (const SweepRuns& sweep : c.sweeps) require_two_seeds(sweep);
  const SweepRuns& first = c.sweeps.front();
  if (across) {
    c.rows = compare_pairs(pairs_across(first, c.sweeps[1]), options.seed);
    c.verdict = gate(c.rows, options.tolerance, options.alpha);
  } else {
    const auto& methods = first.optimizers;
    c.against = options.against ? *options.against
                : std::find(methods.begin(), methods.end(), "coral") != methods.end()
                    ? "coral"
                    : methods.front();
    c.rows = compare_pairs(pairs_against(first, c.against), options.seed);
    if (methods.size() >= 3) c.ranking = rank_methods(first, options.alpha, profile_table_taus());
  }
  for (const SweepRuns& sweep : c.sweeps) {
    const std::vector<ExplorationRow> rows = summarize_exploration(sweep);
    c.exploration.insert(c.exploration.end(), rows.begin(), rows.end());
  }
  return c;
}

}  // namespace experiments
