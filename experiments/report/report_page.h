// index.html: one self-contained page a person opens to read a sweep. The
// tables are HTML, the figures the report's SVGs inlined; nothing is
// fetched (no scripts, no external styles or images), so the page reads
// offline and can be mailed or archived as one file.
#ifndef EDGETUNE_EXPERIMENTS_REPORT_REPORT_PAGE_H_
#define EDGETUNE_EXPERIMENTS_REPORT_REPORT_PAGE_H_

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "experiments/tables/report_table.h"

namespace experiments {

class ReportPage {
 public:
  explicit ReportPage(std::string title);

  void add_heading(const std::string& text);
  void add_paragraph(const std::string& text);  // escaped
  void add_table(const ReportTable& table);
  // The SVG file at `svg_path`, inlined; when it is over kMaxInlineSvgBytes
  // (a scatter of every configuration) and a PNG of the same name lies
  // beside it, that PNG as a base64 data URI instead. Throws
  // core::InputError naming the file when it cannot be read.
  void add_figure(const std::string& svg_path, const std::string& caption);

  static constexpr std::size_t kMaxInlineSvgBytes = 512 * 1024;

  std::string html() const;

 private:
  std::string title_;
  std::string body_;
};

// How tables and figures name a method: `labels` (from --label NAME=LABEL)
// first, else the class of a Python method "py:PATH.py:Class", else the
// name itself.
std::string display_name(const std::string& name, const std::map<std::string, std::string>& labels);

// The table with its method-naming columns (optimizer, a, b) shown by
// display_name.
ReportTable with_display_names(ReportTable table, const std::map<std::string, std::string>& labels);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_REPORT_REPORT_PAGE_H_
