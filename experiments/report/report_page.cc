#include "experiments/report/report_page.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/errors.h"
#include "experiments/tables/table_writer.h"

namespace experiments {
namespace {

constexpr const char* kStyle =
    "body{font-family:sans-serif;margin:2em auto;max-width:1200px;color:#222}"
    "table{border-collapse:collapse;margin:1em 0;font-size:13px}"
    "th,td{border:1px solid #ccc;padding:3px 7px}th{background:#f0f0f0}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}"
    "figure{margin:1em 0}figure svg,figure img{max-width:100%;height:auto}"
    "figcaption{font-size:13px;color:#555}";

std::string read_figure(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw core::InputError(path + ": cannot read the figure to put in index.html");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// RFC 4648 base64, for a PNG as a data URI.
std::string base64(const std::string& bytes) {
  static const char* const kDigits =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16 |
                       static_cast<unsigned char>(bytes[i + 1]) << 8 |
                       static_cast<unsigned char>(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += kDigits[(v >> shift) & 63];
  }
  if (i < bytes.size()) {
    const bool two = i + 1 < bytes.size();
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16 |
                       (two ? static_cast<unsigned char>(bytes[i + 1]) << 8 : 0);
    out += kDigits[(v >> 18) & 63];
    out += kDigits[(v >> 12) & 63];
    out += two ? kDigits[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// The SVG element of a file gnuplot wrote: what follows its XML prolog and
// DOCTYPE.
std::string svg_element(const std::string& path) {
  const std::string svg = read_figure(path);
  const std::size_t start = svg.find("<svg");
  if (start == std::string::npos) throw core::InputError(path + ": not an SVG image");
  return svg.substr(start);
}

}  // namespace

ReportPage::ReportPage(std::string title) : title_(std::move(title)) {}

void ReportPage::add_heading(const std::string& text) {
  body_ += "<h2>" + html_escape(text) + "</h2>\n";
}

void ReportPage::add_paragraph(const std::string& text) {
  body_ += "<p>" + html_escape(text) + "</p>\n";
}

void ReportPage::add_table(const ReportTable& table) { body_ += HtmlTableWriter().write(table); }

void ReportPage::add_figure(const std::string& svg_path, const std::string& caption) {
  std::string image;
  const std::string png = svg_path.substr(0, svg_path.size() - 4) + ".png";
  std::error_code error;
  if (std::filesystem::file_size(svg_path, error) > kMaxInlineSvgBytes &&
      std::filesystem::is_regular_file(png, error)) {
    image = "<img alt=\"" + html_escape(caption) + "\" src=\"data:image/png;base64," +
            base64(read_figure(png)) + "\">";
  } else {
    image = svg_element(svg_path);
  }
  body_ +=
      "<figure>\n" + image + "\n<figcaption>" + html_escape(caption) + "</figcaption>\n</figure>\n";
}

std::string ReportPage::html() const {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
         html_escape(title_) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n<h1>" +
         html_escape(title_) + "</h1>\n" + body_ + "</body>\n</html>\n";
}

std::string display_name(const std::string& name,
                         const std::map<std::string, std::string>& labels) {
  if (const auto it = labels.find(name); it != labels.end()) return it->second;
  if (name.rfind("py:", 0) == 0) {
    const std::size_t colon = name.rfind(':');
    if (colon > 2 && colon + 1 < name.size()) return name.substr(colon + 1);
  }
  return name;
}

ReportTable with_display_names(ReportTable table,
                               const std::map<std::string, std::string>& labels) {
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    const std::string& key = table.columns[c].key;
    if (key != "optimizer" && key != "a" && key != "b") continue;
    for (auto& row : table.rows) {
      if (auto* text = std::get_if<std::string>(&row[c])) *text = display_name(*text, labels);
    }
  }
  return table;
}

}  // namespace experiments
