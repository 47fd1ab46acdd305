// CSV round trips and the summary statistics of `edgetune report`.
#include "experiments/report/sweep_summary.h"

#include <gtest/gtest.h>

#include <cmath>

#include "experiments/tables/csv.h"
#include "experiments/tables/table_writer.h"

namespace experiments {
namespace {

TEST(CsvTest, FieldsRoundTrip) {
  const std::vector<std::string> fields = {"plain", "with,comma", "say \"hi\"", "", "a\"b,c"};
  std::vector<std::string> escaped;
  for (const std::string& f : fields) escaped.push_back(csv_field(f));
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("with,comma"), "\"with,comma\"");
  EXPECT_EQ(parse_csv_line(csv_line(escaped)), fields);
}

TEST(CsvTest, NumbersAreShortestExactAndNanIsEmpty) {
  EXPECT_EQ(csv_number(0.1), "0.1");
  EXPECT_EQ(csv_number(30.0), "30");
  EXPECT_EQ(csv_number(std::nan("")), "");
  const double third = 1.0 / 3.0;
  EXPECT_EQ(std::stod(csv_number(third)), third);
}

CsvTable runs_table() {
  CsvTable t;
  t.header = {"optimizer",         "goal",     "provenance", "score",
              "denoised_score",    "feasible", "trials",     "board_seconds",
              "budget_violations", "error"};
  t.rows = {{"a", "dual", "synthetic", "1", "1", "1", "30", "210", "2", ""},
            {"a", "dual", "synthetic", "0", "0", "0", "30", "210", "4", ""},
            {"a", "max-throughput", "synthetic", "0.5", "0.5", "1", "10", "70", "0", ""},
            {"a", "max-throughput", "recorded", "1", "0.9", "1", "20", "140", "0", ""},
            {"a", "max-throughput", "recorded", "0.8", "0.7", "1", "20", "140", "0", ""},
            {"b", "dual", "synthetic", "0", "0", "0", "0", "0", "0", "boom"}};
  return t;
}

TEST(SummaryTest, GroupsByOptimizerProvenanceAndGoalKind) {
  const std::vector<SummaryRow> rows = summarize_runs(runs_table());
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].optimizer, "a");
  EXPECT_EQ(rows[0].data, "synthetic");
  EXPECT_EQ(rows[0].goal, "max-throughput");  // goal kinds in their fixed order
  EXPECT_EQ(rows[1].goal, "dual");
  EXPECT_EQ(rows[1].runs, 2u);
  EXPECT_DOUBLE_EQ(rows[1].median_score, 0.5);
  EXPECT_DOUBLE_EQ(rows[1].feasible_rate, 0.5);
  EXPECT_DOUBLE_EQ(rows[1].mean_over_budget_trials, 3.0);
  // Recorded surfaces' rows come apart, after the synthetic ones, with
  // their own median against the denoised reference.
  EXPECT_EQ(rows[2].data, "recorded");
  EXPECT_EQ(rows[2].runs, 2u);
  EXPECT_DOUBLE_EQ(rows[2].median_score, 0.9);
  EXPECT_DOUBLE_EQ(rows[2].median_denoised_score, 0.8);
  EXPECT_EQ(rows[3].optimizer, "b");
  EXPECT_EQ(rows[3].failed, 1u);
  const std::string md = experiments::MarkdownTableWriter().write(experiments::summary_table(rows));
  // Each figure with its 95% bootstrap interval: two runs scoring 0 and 1
  // resample to medians of 0, 0.5 and 1.
  EXPECT_NE(md.find("| a | synthetic | dual | 2 | 0.500 [0.000, 1.000] | 0.100 [0.000, 1.000] |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| a | recorded | max-throughput | 2 | 0.900 [0.800, 1.000] | 0.820 [0.800, "
                    "1.000] | 0.800 |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| 50.0% [0.0%, 100.0%] |"), std::string::npos) << md;
  const std::string csv = experiments::CsvTableWriter().write(experiments::summary_table(rows));
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "optimizer,data,goal,runs,median_score,median_score_ci_low,median_score_ci_high,"
            "p10_score,p10_score_ci_low,p10_score_ci_high,median_denoised_score,median_at_10,"
            "median_at_15,feasible_rate,feasible_rate_ci_low,feasible_rate_ci_high,mean_trials,"
            "mean_board_seconds,mean_over_budget_trials,failed");
}

// The medians after 10 and 15 trials come from trials.csv's best-so-far
// scores; a run that stopped sooner counts with its last value, and runs
// with no trial rows (full-grid ones) are left out.
TEST(SummaryTest, MediansAfterTenAndFifteenTrials) {
  CsvTable runs;
  runs.header = {"run_id",        "optimizer",         "goal",     "provenance",
                 "score",         "denoised_score",    "feasible", "trials",
                 "board_seconds", "budget_violations", "error"};
  runs.rows = {{"0", "a", "min-power", "synthetic", "1", "1", "1", "30", "210", "0", ""},
               {"1", "a", "min-power", "synthetic", "1", "1", "1", "12", "84", "0", ""},
               {"2", "a", "min-power", "synthetic", "1", "1", "1", "20", "140", "0", ""}};
  CsvTable trials;
  trials.header = {"run_id", "trial", "best_score"};
  for (int t = 0; t < 20; ++t) {
    trials.rows.push_back({"0", std::to_string(t), std::to_string(t < 9 ? 0.5 : 0.9)});
  }
  for (int t = 0; t < 12; ++t) trials.rows.push_back({"1", std::to_string(t), "0.7"});
  const std::vector<SummaryRow> rows = summarize_runs(runs, &trials);
  ASSERT_EQ(rows.size(), 1u);
  // After 10 trials: run 0 at 0.9 (its 10th trial), run 1 at 0.7; run 2 has no trials.
  EXPECT_DOUBLE_EQ(rows[0].median_at_10, 0.8);
  EXPECT_DOUBLE_EQ(rows[0].median_at_15, 0.8);
  EXPECT_TRUE(std::isnan(summarize_runs(runs)[0].median_at_10)) << "no trials table";
  EXPECT_NE(experiments::MarkdownTableWriter()
                .write(experiments::summary_table(rows))
                .find("| 0.800 | 0.800 |"),
            std::string::npos);
}

TEST(SummaryTest, ConvergenceCarriesTheLastValueOfShortRuns) {
  CsvTable t;
  t.header = {"run_id", "optimizer", "trial", "best_score"};
  t.rows = {{"0", "a", "0", "0"},
            {"0", "a", "1", "0.5"},
            {"0", "a", "2", "1"},
            {"1", "a", "0", "0.2"}};  // stopped after one trial
  const std::vector<ConvergenceCurve> curves = convergence(t, 3);
  ASSERT_EQ(curves.size(), 1u);
  EXPECT_EQ(curves[0].mean_best_score, (std::vector<double>{0.1, 0.35, 0.6}));
}

}  // namespace
}  // namespace experiments
