// A report table as plain data: typed columns and rows of values, which the
// writers (table_writer.h) print as markdown, CSV or JSON, as Google
// Benchmark's reporters print its runs. A table says once what each column
// is; the formats follow from it.
#ifndef EDGETUNE_EXPERIMENTS_TABLES_REPORT_TABLE_H_
#define EDGETUNE_EXPERIMENTS_TABLES_REPORT_TABLE_H_

#include <string>
#include <variant>
#include <vector>

namespace experiments {

// A cell: text, a count, or a number (NaN: no value).
using ReportValue = std::variant<std::string, long long, double>;

struct ReportColumn {
  // The CSV header and JSON key; empty for a column shown in markdown only
  // (one derived from others for the reader).
  std::string key;
  // The markdown heading; empty for a column left out of markdown.
  std::string heading;
  // Markdown: how a value prints (an fmt format of the value times
  // markdown_scale; "-" for NaN when dash_for_nan, else fmt's "nan") and
  // aligns (numbers right, names left).
  std::string format = "{}";
  double markdown_scale = 1.0;
  bool dash_for_nan = false;
  bool left_aligned = false;
};

// A column of names (or a markdown-only text column when `key` is empty),
// left-aligned.
inline ReportColumn text_column(std::string key, std::string heading) {
  ReportColumn column{std::move(key), std::move(heading)};
  column.left_aligned = true;
  return column;
}

struct ReportTable {
  std::vector<ReportColumn> columns;
  std::vector<std::vector<ReportValue>> rows;  // one value per column
};

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_TABLES_REPORT_TABLE_H_
