// One table, four formats: what each writer prints of the same columns.
#include "experiments/tables/table_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

namespace {

experiments::ReportTable example() {
  experiments::ReportTable t;
  experiments::ReportColumn name{"optimizer", "optimizer"};
  name.left_aligned = true;
  t.columns = {name,
               {"runs", "runs"},
               {"median_score", "median", "{:.3f}", 1.0, true},
               {"feasible_rate", "feasible", "{:.1f}%", 100.0},
               {"", "shown only", "{}"},
               {"hidden", ""}};
  t.rows = {{std::string("coral"), 30LL, 0.98765, 0.5, 7LL, 1LL},
            {std::string("a,\"b\""), 2LL, std::nan(""), 1.0, 8LL, 2LL}};
  return t;
}

TEST(TableWriterTest, MarkdownFormatsAlignsAndLeavesOutDataOnlyColumns) {
  EXPECT_EQ(experiments::MarkdownTableWriter().write(example()),
            "| optimizer | runs | median | feasible | shown only |\n"
            "|---|---:|---:|---:|---:|\n"
            "| coral | 30 | 0.988 | 50.0% | 7 |\n"
            "| a,\"b\" | 2 | - | 100.0% | 8 |\n");
}

TEST(TableWriterTest, CsvQuotesTextKeepsFullPrecisionAndLeavesNanEmpty) {
  EXPECT_EQ(experiments::CsvTableWriter().write(example()),
            "optimizer,runs,median_score,feasible_rate,hidden\n"
            "coral,30,0.98765,0.5,1\n"
            "\"a,\"\"b\"\"\",2,,1,2\n");
}

TEST(TableWriterTest, HtmlPrintsTheMarkdownColumnsEscaped) {
  EXPECT_EQ(experiments::HtmlTableWriter().write(example()),
            "<table>\n<thead><tr><th>optimizer</th><th>runs</th><th>median</th><th>feasible</th>"
            "<th>shown only</th></tr></thead>\n<tbody>\n"
            "<tr><td>coral</td><td class=\"n\">30</td><td class=\"n\">0.988</td>"
            "<td class=\"n\">50.0%</td><td class=\"n\">7</td></tr>\n"
            "<tr><td>a,&quot;b&quot;</td><td class=\"n\">2</td><td class=\"n\">-</td>"
            "<td class=\"n\">100.0%</td><td class=\"n\">8</td></tr>\n</tbody>\n</table>\n");
  EXPECT_EQ(experiments::html_escape("<a href='x'>&</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;");
}

TEST(TableWriterTest, JsonKeysByColumnWithNanAsNull) {
  const nlohmann::json j = experiments::table_json(example());
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["optimizer"], "coral");
  EXPECT_EQ(j[0]["runs"], 30);
  EXPECT_DOUBLE_EQ(j[0]["median_score"].get<double>(), 0.98765);
  EXPECT_TRUE(j[1]["median_score"].is_null());
  EXPECT_FALSE(j[0].contains("shown only"));
  EXPECT_EQ(j[1]["hidden"], 2);
  EXPECT_EQ(nlohmann::json::parse(experiments::JsonTableWriter().write(example())), j);
}

TEST(TableWriterTest, AReportWritesMarkdownAndCsv) {
  const auto writers = experiments::report_file_writers();
  ASSERT_EQ(writers.size(), 2u);
  EXPECT_EQ(writers[0]->extension(), "md");
  EXPECT_EQ(writers[1]->extension(), "csv");
}

}  // namespace
