#include "experiments/tables/csv.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>

#include "core/errors.h"

namespace experiments {

std::string csv_field(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string csv_number(double value) {
  return std::isnan(value) ? std::string() : fmt::format("{}", value);
}

std::string csv_line(const std::vector<std::string>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ',';
    line += fields[i];
  }
  return line;
}

std::vector<std::string> parse_csv_line(std::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c != '"') {
        fields.back() += c;
      } else if (i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

std::vector<std::string> read_complete_lines(const std::string& path) {
  LineReader reader(path);
  std::vector<std::string> lines;
  for (std::string line; reader.next(line);) lines.push_back(std::move(line));
  return lines;
}

LineReader::LineReader(const std::string& path)
    : path_(path), in_(path, std::ios::binary), buffer_(std::size_t{1} << 16) {}

bool LineReader::next(std::string& line) {
  line.clear();
  while (true) {
    const char* start = buffer_.data() + begin_;
    const auto* newline = static_cast<const char*>(std::memchr(start, '\n', end_ - begin_));
    const std::size_t take = newline ? static_cast<std::size_t>(newline - start) : end_ - begin_;
    if (line.size() + take > kMaxLineBytes) {
      throw core::InputError(
          fmt::format("{}: line {} is longer than {} bytes; this is not a table edgetune reads",
                      path_, lines_read_ + 1, kMaxLineBytes));
    }
    line.append(start, take);
    if (newline) {
      begin_ += take + 1;
      ++lines_read_;
      return true;
    }
    begin_ = end_ = 0;
    if (in_) {
      in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
      end_ = static_cast<std::size_t>(in_.gcount());
      bytes_read_ += end_;
    }
    if (end_ == 0) {  // the end; a last line without its newline is a write cut short
      unterminated_ = std::move(line);
      line.clear();
      return false;
    }
  }
}

std::size_t CsvTable::column(const std::string& name) const {
  const auto it = std::find(header.begin(), header.end(), name);
  if (it == header.end()) {
    throw core::InputError("sweep table has no column '" + name +
                           "'; was it written by `edgetune sweep`?");
  }
  return static_cast<std::size_t>(it - header.begin());
}

double CsvTable::number(std::size_t row, std::size_t column) const {
  const std::string& field = rows[row][column];
  if (field.empty()) return std::numeric_limits<double>::quiet_NaN();
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(field.c_str(), &end);
  if (end != field.c_str() + field.size() || errno == ERANGE) {
    throw core::InputError(fmt::format(
        "{}: line {} column '{}' holds '{}', not a number in range; the file was edited or "
        "written by another version",
        path.empty() ? std::string("table") : path, row + 2, header[column], field));
  }
  return value;
}

CsvTable read_csv_table(const std::string& path) {
  const std::vector<std::string> lines = read_complete_lines(path);
  if (lines.empty()) {
    throw core::InputError(path +
                           ": missing or empty; is this a sweep directory (edgetune sweep "
                           "--out DIR)?");
  }
  CsvTable table;
  table.path = path;
  table.header = parse_csv_line(lines.front());
  for (std::size_t i = 1; i < lines.size(); ++i) {
    table.rows.push_back(parse_csv_line(lines[i]));
    if (table.rows.back().size() != table.header.size()) {
      throw core::InputError(fmt::format("{}: line {} has {} fields, the header {}", path, i + 1,
                                         table.rows.back().size(), table.header.size()));
    }
  }
  return table;
}

}  // namespace experiments
