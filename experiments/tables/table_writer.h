// Writers of report tables (report_table.h): one interface, a writer per format.
// CSV is what pandas.read_csv reads (csv.h); JSON an array of objects keyed
// by column, NaN as null; markdown a GitHub table for people.
#ifndef EDGETUNE_EXPERIMENTS_TABLES_TABLE_WRITER_H_
#define EDGETUNE_EXPERIMENTS_TABLES_TABLE_WRITER_H_

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <utility>
#include <vector>

#include "experiments/tables/report_table.h"

namespace experiments {

class TableWriter {
 public:
  virtual ~TableWriter() = default;
  // The file name extension of the format ("md", "csv", "json").
  virtual std::string extension() const = 0;
  // The whole table in the format, ending with a newline.
  virtual std::string write(const ReportTable& table) const = 0;
};

class MarkdownTableWriter : public TableWriter {
 public:
  std::string extension() const override { return "md"; }
  std::string write(const ReportTable& table) const override;
};

class CsvTableWriter : public TableWriter {
 public:
  std::string extension() const override { return "csv"; }
  std::string write(const ReportTable& table) const override;
};

class JsonTableWriter : public TableWriter {
 public:
  std::string extension() const override { return "json"; }
  std::string write(const ReportTable& table) const override;
};

// An HTML <table> of the markdown columns, formatted as markdown prints
// them, text escaped; for a page to embed (report's index.html).
class HtmlTableWriter : public TableWriter {
 public:
  std::string extension() const override { return "html"; }
  std::string write(const ReportTable& table) const override;
};

// `text` with &, <, >, " and ' escaped for HTML.
std::string html_escape(const std::string& text);

// The table as JSON: an array of objects keyed by column (markdown-only
// columns left out), NaN as null.
nlohmann::json table_json(const ReportTable& table);

// The writers of the files a report writes (markdown and CSV).
std::vector<std::unique_ptr<TableWriter>> report_file_writers();

// Writes each named table as DIR/NAME.EXT in every report_file_writers()
// format, atomically (text_file.h); returns the paths in that order.
std::vector<std::string> write_report_tables(
    const std::string& dir, const std::vector<std::pair<std::string, ReportTable>>& tables);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_TABLES_TABLE_WRITER_H_
