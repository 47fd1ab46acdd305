// Paired comparisons and the gate on runs tables written by hand: pairing
// by cell, refusals, the verdict both ways, the ranking's groups.
#include "experiments/compare/paired_comparison.h"

#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <string>

#include "core/errors.h"
#include "experiments/compare/compare_tables.h"
#include "experiments/compare/exploration_summary.h"
#include "experiments/compare/method_ranking.h"
#include "tests/support/tiny_surface.h"

namespace {

using namespace experiments;

// A runs.csv of `methods` over 2 surfaces x 2 scenarios (one goal kind
// each) x `seeds` seeds, each score given by `score(method, cell number)`.
std::string runs_csv(const std::string& name, const std::vector<std::string>& methods, int seeds,
                     const std::function<double(const std::string&, int)>& score,
                     const std::vector<std::string>& surfaces = {"orin", "nx"},
                     double budget = 20.0) {
  const std::string path = testing_support::temp_path(name + ".csv");
  std::ofstream out(path);
  out << "surface,scenario,seed_index,goal,power_budget_w,throughput_target_fps,optimizer,score,"
         "feasible,true_over_budget\n";
  for (const std::string& method : methods) {
    int cell = 0;
    for (const std::string& surface : surfaces) {
      for (const std::string scenario : {"budget-50", "dual-50"}) {
        for (int seed = 0; seed < seeds; ++seed, ++cell) {
          const double s = score(method, cell);
          out << surface << "," << scenario << "," << seed << ","
              << (scenario == std::string("dual-50")
                      ? "dual," + std::to_string(budget) + ",30"
                      : "max-throughput," + std::to_string(budget) + ",")
              << "," << method << "," << s << "," << (s > 0 ? 1 : 0) << "," << cell % 3 << "\n";
        }
      }
    }
  }
  return path;
}

// Scores that vary by cell, the same for every method.
double base_score(const std::string&, int cell) { return 0.8 + 0.01 * (cell % 17); }

TEST(PairedComparisonTest, ASweepAgainstItselfHasNoDifferenceAndPasses) {
  const SweepRuns base = load_sweep_runs(runs_csv("self", {"coral", "bo"}, 10, base_score), "BASE");
  const SweepRuns next = load_sweep_runs(runs_csv("self", {"coral", "bo"}, 10, base_score), "NEW");
  const std::vector<PairedRow> rows = compare_pairs(pairs_across(base, next), 0);
  ASSERT_EQ(rows.size(), 2u * 3u);  // two methods x (max-throughput, dual, all)
  for (const PairedRow& r : rows) {
    EXPECT_EQ(r.ties, r.cells);
    EXPECT_EQ(r.median_difference, 0.0);
    EXPECT_EQ(r.wilcoxon.p_value, 1.0);
  }
  EXPECT_EQ(rows.back().cells, 40u);
  const GateVerdict verdict = gate(rows, 0.01, 0.05);
  EXPECT_FALSE(verdict.regression);
  EXPECT_EQ(verdict.reason.rfind("OK:", 0), 0u) << verdict.reason;
}

TEST(PairedComparisonTest, AClearlyWorseMethodFailsTheGateNamingWhere) {
  const SweepRuns base = load_sweep_runs(runs_csv("worse-base", {"coral"}, 10, base_score), "BASE");
  const SweepRuns next =
      load_sweep_runs(runs_csv("worse-new", {"coral"}, 10,
                               [](const std::string& m, int cell) {
                                 // Worse on the dual cells only (cells 10-19 and 30-39).
                                 return base_score(m, cell) - ((cell / 10) % 2 ? 0.05 : 0.0);
                               }),
                      "NEW");
  const std::vector<PairedRow> rows = compare_pairs(pairs_across(base, next), 0);
  const GateVerdict verdict = gate(rows, 0.01, 0.05);
  EXPECT_TRUE(verdict.regression);
  EXPECT_NE(verdict.reason.find("on dual goals"), std::string::npos) << verdict.reason;
  EXPECT_EQ(rows[0].goal, "max-throughput");
  EXPECT_EQ(rows[0].ties, 20u);
  EXPECT_EQ(rows[1].losses, 20u);
  EXPECT_NEAR(rows[1].median_difference, -0.05, 1e-9);
  EXPECT_LT(rows[1].median_interval.high, 0.0);
}

// Under common random numbers most cells tie: a method that loses 0.05 in
// 8 of 20 cells per goal kind has a median difference of 0, and still fails.
TEST(PairedComparisonTest, ALossAmongTiesFailsTheGate) {
  const SweepRuns base = load_sweep_runs(runs_csv("ties-base", {"coral"}, 10, base_score), "BASE");
  const SweepRuns next =
      load_sweep_runs(runs_csv("ties-new", {"coral"}, 10,
                               [](const std::string& m, int cell) {
                                 return base_score(m, cell) - (cell % 10 < 4 ? 0.05 : 0.0);
                               }),
                      "NEW");
  const std::vector<PairedRow> rows = compare_pairs(pairs_across(base, next), 0);
  EXPECT_EQ(rows[0].median_difference, 0.0);
  EXPECT_NEAR(rows[0].mean_difference, -0.02, 1e-9);
  EXPECT_TRUE(gate(rows, 0.01, 0.05).regression);
  // The same loss within the tolerance passes.
  EXPECT_FALSE(gate(rows, 0.03, 0.05).regression);
}

TEST(PairedComparisonTest, AGateThatCannotFireRefusesToSayOk) {
  const SweepRuns base = load_sweep_runs(runs_csv("few-base", {"coral"}, 2, base_score), "BASE");
  const SweepRuns next = load_sweep_runs(runs_csv("few-new", {"coral"}, 2, base_score), "NEW");
  try {
    gate(compare_pairs(pairs_across(base, next), 0), 0.01, 0.05);
    FAIL() << "four cells per goal kind were gated";
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot fire"), std::string::npos) << e.what();
  }
}

TEST(PairedComparisonTest, MoreInfeasibleRecommendationsFailTheGate) {
  const SweepRuns base = load_sweep_runs(runs_csv("feas-base", {"bo"}, 10, base_score), "BASE");
  const SweepRuns next =
      load_sweep_runs(runs_csv("feas-new", {"bo"}, 10,
                               [](const std::string& m, int cell) {
                                 // Infeasible in 12 of 40 cells, better by 0.02 elsewhere: 6
                                 // of 20 per goal kind is not significant after Holm's
                                 // correction (McNemar p = 0.031 x 2), 12 of 40 overall is.
                                 return cell % 10 < 3 ? 0.0 : base_score(m, cell) + 0.02;
                               }),
                      "NEW");
  const GateVerdict verdict = gate(compare_pairs(pairs_across(base, next), 0), 0.01, 0.05);
  EXPECT_TRUE(verdict.regression);
  EXPECT_NE(verdict.reason.find("infeasible"), std::string::npos) << verdict.reason;
}

TEST(PairedComparisonTest, SweepsThatCannotBePairedAreRefused) {
  const SweepRuns base = load_sweep_runs(runs_csv("p-base", {"coral"}, 3, base_score), "BASE");
  const SweepRuns other =
      load_sweep_runs(runs_csv("p-other", {"coral"}, 3, base_score, {"orin", "xavier"}), "NEW");
  try {
    compare_pairs(pairs_across(base, other), 0);
    FAIL() << "sweeps over different surfaces were paired";
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot be paired"), std::string::npos) << e.what();
  }
  const SweepRuns bo = load_sweep_runs(runs_csv("p-bo", {"bo"}, 3, base_score), "NEW");
  EXPECT_THROW(pairs_across(base, bo), core::InputError);  // no method in common
  const SweepRuns both = load_sweep_runs(runs_csv("p-both", {"coral", "bo"}, 3, base_score), "NEW");
  EXPECT_THROW(pairs_across(both, base), core::InputError);  // NEW lacks bo
  EXPECT_THROW(pairs_across(base, both), core::InputError);  // bo has no baseline
  const SweepRuns budget =
      load_sweep_runs(runs_csv("p-budget", {"coral"}, 3, base_score, {"orin", "nx"}, 25.0), "NEW");
  EXPECT_THROW(compare_pairs(pairs_across(base, budget), 0), core::InputError);
  EXPECT_THROW(
      require_two_seeds(load_sweep_runs(runs_csv("p-one", {"coral"}, 1, base_score), "BASE")),
      core::InputError);
  EXPECT_THROW(load_sweep_runs(runs_csv("p-none", {}, 3, base_score), "BASE"), core::InputError);
}

TEST(PairedComparisonTest, WithinASweepEachMethodFacesTheOneNamed) {
  const SweepRuns sweep = load_sweep_runs(
      runs_csv("within", {"coral", "bo", "random"}, 5,
               [](const std::string& m, int cell) {
                 return base_score(m, cell) - (m == "coral" ? 0.0 : m == "bo" ? 0.02 : 0.2);
               }),
      "DIR");
  const std::vector<PairedRow> rows = compare_pairs(pairs_against(sweep, "coral"), 0);
  ASSERT_EQ(rows.size(), 2u * 3u);
  EXPECT_EQ(rows[0].a, "coral");
  EXPECT_EQ(rows[0].b, "bo");
  EXPECT_EQ(rows[2].wins, 20u);
  EXPECT_NEAR(rows[5].median_difference, 0.2, 1e-9);
  EXPECT_THROW(pairs_against(sweep, "dvfo"), core::InputError);

  const MethodRanking ranking = rank_methods(sweep, 0.05, profile_table_taus());
  EXPECT_EQ(ranking.friedman.mean_ranks, (std::vector<double>{1, 2, 3}));
  EXPECT_LT(ranking.friedman.p_value, 1e-6);
  EXPECT_TRUE(ranking.groups.empty()) << "20 blocks separate three perfectly ordered methods";
  EXPECT_DOUBLE_EQ(ranking.profiles[0][0], 1.0);  // coral is the best in every cell

  // Every table's rows carry one value per column.
  for (const ReportTable& table : {paired_table(rows), ranking_table(ranking),
                                   exploration_table(summarize_exploration(sweep))}) {
    for (const auto& row : table.rows) EXPECT_EQ(row.size(), table.columns.size());
  }

  const std::vector<ExplorationRow> exploration = summarize_exploration(sweep);
  ASSERT_EQ(exploration.size(), 3u * 2u);
  // coral's max-throughput cells are 0-4 (orin) and 10-14 (nx); cell % 3 over them.
  EXPECT_NEAR(exploration[0].over_budget, (0 + 1 + 2 + 0 + 1 + 1 + 2 + 0 + 1 + 2) / 10.0, 1e-12);
}

}  // namespace
