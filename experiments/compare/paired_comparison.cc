#include "experiments/compare/paired_comparison.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "core/errors.h"
#include "core/seed.h"
#include "experiments/stats/quantile.h"
#include "experiments/tables/goal_kinds.h"

namespace experiments {
namespace {

std::string label_of(const SweepRuns& sweep, const std::string& method, bool across) {
  return across ? method + " (" + sweep.label + ")" : method;
}

// Equal budgets or targets (both absent, or within rounding of the CSV).
bool same_number(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::abs(a - b) <= 1e-9 * std::max(std::abs(a), std::abs(b));
}

struct Pairing {
  std::string goal;
  double a_score, b_score;
  bool a_feasible, b_feasible;
};

// The two methods' runs matched by cell; refuses cells one side lacks.
std::vector<Pairing> match(const MethodPair& pair) {
  const std::vector<const RunRecord*> a = runs_of(*pair.a_runs, pair.a);
  const std::vector<const RunRecord*> b = runs_of(*pair.b_runs, pair.b);
  // `only` has no counterpart on the other side.
  const auto refuse = [&](const RunRecord& only, const MethodPair& p, bool from_a) {
    const std::string& lacking = from_a ? p.b : p.a;
    if (p.a_runs == p.b_runs) {
      throw core::InputError(fmt::format(
          "{} and {} cannot be paired in {}: {} has no run in cell {}; finish the sweep (rerun "
          "its command) and compare again",
          p.a, p.b, p.a_runs->label, lacking, only.cell));
    }
    throw core::InputError(fmt::format(
        "{} and {} cannot be paired: {} has cell {} in {} only; compare sweeps of the same "
        "surfaces, scenarios and seeds",
        p.b_runs->label, p.a_runs->label, only.optimizer, only.cell,
        from_a ? p.a_runs->label : p.b_runs->label));
  };
  std::vector<Pairing> pairs;
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i]->cell < b[j]->cell)) refuse(*a[i], pair, true);
    if (i == a.size() || b[j]->cell < a[i]->cell) refuse(*b[j], pair, false);
    if (a[i]->goal != b[j]->goal || !same_number(a[i]->power_budget_w, b[j]->power_budget_w) ||
        !same_number(a[i]->throughput_target_fps, b[j]->throughput_target_fps)) {
      throw core::InputError(fmt::format(
          "{} and {} cannot be paired: cell {} asks {} (budget {} W, target {} fps) in one and "
          "{} (budget {} W, target {} fps) in the other; the scenarios or surfaces differ",
          pair.a_runs->label, pair.b_runs->label, a[i]->cell, a[i]->goal, a[i]->power_budget_w,
          a[i]->throughput_target_fps, b[j]->goal, b[j]->power_budget_w,
          b[j]->throughput_target_fps));
    }
    pairs.push_back({a[i]->goal, a[i]->score, b[j]->score, a[i]->feasible, b[j]->feasible});
    ++i;
    ++j;
  }
  return pairs;
}

PairedRow row_of(const std::vector<Pairing>& pairs, const std::string& goal, std::uint64_t seed) {
  PairedRow row;
  row.goal = goal;
  std::vector<double> differences;
  for (const Pairing& p : pairs) {
    if (goal != "all" && p.goal != goal) continue;
    const double d = p.a_score - p.b_score;
    differences.push_back(d);
    (d > 0 ? row.wins : d < 0 ? row.losses : row.ties) += 1;
    row.a_only_infeasible += !p.a_feasible && p.b_feasible;
    row.b_only_infeasible += p.a_feasible && !p.b_feasible;
  }
  row.cells = differences.size();
  row.median_difference = percentile(differences, 0.5);
  row.mean_difference = mean(differences);
  row.median_interval = bootstrap_interval(differences, median_of, core::derive_seed(seed, 1));
  row.mean_interval = bootstrap_interval(differences, mean_of, core::derive_seed(seed, 2));
  row.wilcoxon = wilcoxon_signed_rank(differences);
  row.mcnemar_p =
      binomial_test_half(row.a_only_infeasible, row.a_only_infeasible + row.b_only_infeasible);
  return row;
}

}  // namespace

std::vector<MethodPair> pairs_against(const SweepRuns& sweep, const std::string& against) {
  if (std::find(sweep.optimizers.begin(), sweep.optimizers.end(), against) ==
      sweep.optimizers.end()) {
    std::string known;
    for (const std::string& o : sweep.optimizers) known += (known.empty() ? "" : ", ") + o;
    throw core::InputError("--against " + against + ": not in " + sweep.label +
                           "; its methods: " + known);
  }
  std::vector<MethodPair> pairs;
  for (const std::string& other : sweep.optimizers) {
    if (other != against) pairs.push_back({&sweep, against, &sweep, other});
  }
  if (pairs.empty()) {
    throw core::InputError(sweep.label + " holds one method (" + against +
                           "); compare it with another sweep: edgetune compare BASE NEW");
  }
  return pairs;
}

std::vector<MethodPair> pairs_across(const SweepRuns& base, const SweepRuns& next) {
  const auto has = [](const SweepRuns& sweep, const std::string& method) {
    return std::find(sweep.optimizers.begin(), sweep.optimizers.end(), method) !=
           sweep.optimizers.end();
  };
  for (const std::string& method : base.optimizers) {
    if (!has(next, method)) {
      throw core::InputError(base.label + " has " + method + ", " + next.label +
                             " does not; sweep the same methods (or compare runs.csv files "
                             "filtered to the methods to gate)");
    }
  }
  std::vector<MethodPair> pairs;
  for (const std::string& method : next.optimizers) {
    if (!has(base, method)) {
      throw core::InputError(next.label + " has " + method + ", " + base.label +
                             " does not; a new method has no baseline to gate against");
    }
    pairs.push_back({&next, method, &base, method});
  }
  return pairs;
}

std::vector<PairedRow> compare_pairs(const std::vector<MethodPair>& pairs, std::uint64_t seed) {
  std::vector<PairedRow> rows;
  for (const MethodPair& pair : pairs) {
    const bool across = pair.a_runs != pair.b_runs;
    const std::vector<Pairing> matched = match(pair);
    std::vector<std::string> goals;
    for (const char* kind : kGoalKindOrder) {
      if (std::any_of(matched.begin(), matched.end(),
                      [&](const Pairing& p) { return p.goal == kind; }))
        goals.push_back(kind);
    }
    goals.push_back("all");
    for (const std::string& goal : goals) {
      const std::string a = label_of(*pair.a_runs, pair.a, across),
                        b = label_of(*pair.b_runs, pair.b, across);
      PairedRow row = row_of(matched, goal,
                             core::derive_seed(seed, core::hash_name(a + " vs " + b + " " + goal)));
      row.a = a;
      row.b = b;
      rows.push_back(std::move(row));
    }
  }
  std::vector<double> wilcoxon, mcnemar;
  for (const PairedRow& r : rows) {
    wilcoxon.push_back(r.wilcoxon.p_value);
    mcnemar.push_back(r.mcnemar_p);
  }
  wilcoxon = holm_adjust(wilcoxon);
  mcnemar = holm_adjust(mcnemar);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    rows[i].wilcoxon_holm = wilcoxon[i];
    rows[i].mcnemar_holm = mcnemar[i];
  }
  return rows;
}

GateVerdict gate(const std::vector<PairedRow>& rows, double tolerance, double alpha) {
  // The smallest two-sided p a goal kind's n cells can give (all n signed
  // ranks one way, exact) times the Holm factor of the first rejection.
  for (const PairedRow& r : rows) {
    if (r.goal == "all" || r.cells > 60) continue;
    const double smallest =
        std::ldexp(1.0, 1 - static_cast<int>(r.cells)) * static_cast<double>(rows.size());
    if (smallest >= alpha) {
      throw core::InputError(fmt::format(
          "the gate cannot fire: {} has {} paired cells on {} goals, and the smallest "
          "Holm-corrected p they can give is {:.2g} >= alpha {}; sweep more seeds (--seeds)",
          r.a, r.cells, r.goal, smallest, alpha));
    }
  }
  std::size_t compared = 0, cells = 0;
  for (const PairedRow& r : rows) {
    if (r.goal == "all") cells += r.cells;
    if (r.goal != "all") ++compared;
    if (r.goal != "all" && r.mean_difference < -tolerance &&
        r.wilcoxon.r_minus > r.wilcoxon.r_plus && r.wilcoxon_holm < alpha) {
      return {true, fmt::format("REGRESSION: {} is worse than {} on {} goals: mean difference "
                                "{:+.4f} of the oracle (95% CI {:+.4f} to {:+.4f}; {} wins, {} "
                                "losses of {} cells), beyond the tolerance {} with "
                                "Holm-corrected Wilcoxon p = {:.2g} < {}",
                                r.a, r.b, r.goal, r.mean_difference, r.mean_interval.low,
                                r.mean_interval.high, r.wins, r.losses, r.cells, tolerance,
                                r.wilcoxon_holm, alpha)};
    }
    if (r.a_only_infeasible > r.b_only_infeasible && r.mcnemar_holm < alpha) {
      return {true, fmt::format("REGRESSION: {} has more infeasible or missing recommendations "
                                "than {} ({} goals): {} cells against {} (Holm-corrected "
                                "McNemar exact p = {:.2g} < {})",
                                r.a, r.b, r.goal, r.a_only_infeasible, r.b_only_infeasible,
                                r.mcnemar_holm, alpha)};
    }
  }
  return {false, fmt::format("OK: no method loses on any goal kind by more than {} of the "
                             "oracle (mean paired difference) with Holm-corrected p < {}, nor "
                             "is more often infeasible ({} comparisons, {} paired cells)",
                             tolerance, alpha, compared, cells)};
}

}  // namespace experiments
