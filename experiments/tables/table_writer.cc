#include "experiments/tables/table_writer.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "experiments/tables/csv.h"
#include "experiments/tables/json_text.h"
#include "experiments/tables/text_file.h"

namespace experiments {
namespace {

std::string markdown_cell(const ReportColumn& column, const ReportValue& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  if (const auto* count = std::get_if<long long>(&value))
    return fmt::format(fmt::runtime(column.format), *count);
  const double number = std::get<double>(value);
  if (std::isnan(number) && column.dash_for_nan) return "-";
  return fmt::format(fmt::runtime(column.format), number * column.markdown_scale);
}

std::string csv_cell(const ReportValue& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return csv_field(*text);
  if (const auto* count = std::get_if<long long>(&value)) return std::to_string(*count);
  return csv_number(std::get<double>(value));
}

nlohmann::json json_cell(const ReportValue& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  if (const auto* count = std::get_if<long long>(&value)) return *count;
  const double number = std::get<double>(value);
  return std::isnan(number) ? nlohmann::json() : nlohmann::json(number);
}

}  // namespace

std::string MarkdownTableWriter::write(const ReportTable& table) const {
  std::string heading = "|", rule = "|";
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    if (table.columns[c].heading.empty()) continue;
    heading += " " + table.columns[c].heading + " |";
    rule += table.columns[c].left_aligned ? "---|" : "---:|";
  }
  std::string md = heading + "\n" + rule + "\n";
  for (const auto& row : table.rows) {
    md += "|";
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      if (!table.columns[c].heading.empty())
        md += " " + markdown_cell(table.columns[c], row[c]) + " |";
    }
    md += "\n";
  }
  return md;
}

std::string html_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string HtmlTableWriter::write(const ReportTable& table) const {
  std::string html = "<table>\n<thead><tr>";
  for (const ReportColumn& column : table.columns) {
    if (!column.heading.empty()) html += "<th>" + html_escape(column.heading) + "</th>";
  }
  html += "</tr></thead>\n<tbody>\n";
  for (const auto& row : table.rows) {
    html += "<tr>";
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      const ReportColumn& column = table.columns[c];
      if (column.heading.empty()) continue;
      html += column.left_aligned ? "<td>" : "<td class=\"n\">";
      html += html_escape(markdown_cell(column, row[c])) + "</td>";
    }
    html += "</tr>\n";
  }
  return html + "</tbody>\n</table>\n";
}

std::string CsvTableWriter::write(const ReportTable& table) const {
  std::vector<std::string> header;
  for (const ReportColumn& column : table.columns) {
    if (!column.key.empty()) header.push_back(column.key);
  }
  std::string csv = csv_line(header) + "\n";
  for (const auto& row : table.rows) {
    std::vector<std::string> fields;
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      if (!table.columns[c].key.empty()) fields.push_back(csv_cell(row[c]));
    }
    csv += csv_line(fields) + "\n";
  }
  return csv;
}

std::string JsonTableWriter::write(const ReportTable& table) const {
  return json_text(table_json(table), 2) + "\n";
}

nlohmann::json table_json(const ReportTable& table) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& row : table.rows) {
    nlohmann::json object = nlohmann::json::object();
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      if (!table.columns[c].key.empty()) object[table.columns[c].key] = json_cell(row[c]);
    }
    list.push_back(std::move(object));
  }
  return list;
}

std::vector<std::unique_ptr<TableWriter>> report_file_writers() {
  std::vector<std::unique_ptr<TableWriter>> writers;
  writers.push_back(std::make_unique<MarkdownTableWriter>());
  writers.push_back(std::make_unique<CsvTableWriter>());
  return writers;
}

std::vector<std::string> write_report_tables(
    const std::string& dir, const std::vector<std::pair<std::string, ReportTable>>& tables) {
  const auto writers = report_file_writers();
  std::vector<std::string> files;
  for (const auto& [name, table] : tables) {
    for (const auto& writer : writers) {
      files.push_back(dir + "/" + name + "." + writer->extension());
      write_text_atomically(files.back(), writer->write(table));
    }
  }
  return files;
}

}  // namespace experiments
