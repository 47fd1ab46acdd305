#include "experiments/surfaces/surface_import.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <utility>

#include "core/errors.h"
#include "core/text.h"
#include "experiments/surfaces/import_grid.h"
#include "experiments/tables/csv.h"
#include "experiments/tables/text_file.h"
#include "traces/surface_file.h"

namespace experiments {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Reading {
  std::vector<double> knobs;
  std::vector<double> metrics;
  std::size_t file = 0;  // index into ImportSpec::csv_files
  std::size_t row = 0;   // 1-based, the header being row 1
};

// A table to import may be this large: a full 35k-point grid with ten
// repeats is about 35 MB; a stream that never ends (/dev/zero) stops here.
constexpr std::size_t kMaxImportBytes = std::size_t{256} << 20;

// Every line of `path` (a last line without its newline too), without
// line ends.
std::vector<std::string> read_lines(const std::string& path) {
  if (!std::ifstream(path)) throw core::InputError(path + ": cannot read; check the path");
  LineReader reader(path);
  std::vector<std::string> lines;
  const auto keep = [&lines](std::string line) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    // Spreadsheets save "UTF-8 CSV" with a byte-order mark before the header.
    if (lines.empty() && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    lines.push_back(std::move(line));
  };
  for (std::string line; reader.next(line);) {
    if (line.empty() || line == "\r") continue;  // skipped below anyway; each costs a string
    if (reader.bytes_read() > kMaxImportBytes) {
      throw core::InputError(path + ": more than " + std::to_string(kMaxImportBytes >> 20) +
                             " MiB; a table to import holds one row per reading, split it");
    }
    keep(std::move(line));
  }
  if (!reader.unterminated().empty()) keep(reader.unterminated());
  return lines;
}

// The column of `header` called `column`, or an error naming the columns
// there are and the flag that asked for it.
std::size_t column_index(const std::string& path, const std::vector<std::string>& header,
                         const std::string& column, const std::string& flag) {
  const auto it = std::find(header.begin(), header.end(), column);
  if (it != header.end()) return static_cast<std::size_t>(it - header.begin());
  std::string names;
  for (const std::string& h : header) names += (names.empty() ? "" : ", ") + h;
  throw core::InputError(path + ": no column '" + traces::printable(column) +
                         "' (columns: " + traces::printable(names) + "); check " + flag);
}

// A field as a number; empty or "nan" is NaN where `may_be_missing`.
double number(const std::string& path, std::size_t row, const std::string& column,
              const std::string& field, bool may_be_missing) {
  if (may_be_missing && (field.empty() || field == "nan" || field == "NaN")) return kNaN;
  char* end = nullptr;
  const double value = std::strtod(field.c_str(), &end);
  const bool whole = !field.empty() && end == field.c_str() + field.size();
  if (!whole || !std::isfinite(value)) {
    throw core::InputError(path + ": row " + std::to_string(row) + ", column '" +
                           traces::printable(column) + "': '" + traces::printable(field) +
                           "' is not " + (may_be_missing ? "a number" : "a finite number"));
  }
  return value;
}

std::vector<Reading> read_tables(const ImportSpec& spec) {
  std::vector<Reading> readings;
  for (std::size_t file = 0; file < spec.csv_files.size(); ++file) {
    const std::string& path = spec.csv_files[file];
    const std::vector<std::string> lines = read_lines(path);
    if (lines.empty() || lines.front().empty()) {
      throw core::InputError(path + ": empty; expected a header row naming the columns");
    }
    const std::vector<std::string> header = parse_csv_line(lines.front());
    std::vector<std::size_t> knob_at, metric_at;
    for (const ColumnMapping& k : spec.knobs)
      knob_at.push_back(column_index(path, header, k.column, "--knob " + k.name));
    for (const ColumnMapping& m : spec.metrics)
      metric_at.push_back(column_index(path, header, m.column, "--metric " + m.name));
    std::size_t rows = 0;
    for (std::size_t i = 1; i < lines.size(); ++i) {
      if (lines[i].empty()) continue;
      const std::size_t row = i + 1;
      const std::vector<std::string> fields = parse_csv_line(lines[i]);
      auto field = [&](std::size_t at, const std::string& column) -> const std::string& {
        if (at >= fields.size()) {
          throw core::InputError(path + ": row " + std::to_string(row) + " has " +
                                 std::to_string(fields.size()) + " fields, no column '" +
                                 traces::printable(column) + "'");
        }
        return fields[at];
      };
      auto scaled = [&](const ColumnMapping& c, double v) {
        const auto s = spec.scale.find(c.column);
        return s == spec.scale.end() ? v : v * s->second;
      };
      Reading r;
      r.file = file;
      r.row = row;
      for (std::size_t k = 0; k < spec.knobs.size(); ++k) {
        const ColumnMapping& c = spec.knobs[k];
        r.knobs.push_back(
            scaled(c, number(path, row, c.column, field(knob_at[k], c.column), false)));
      }
      for (std::size_t m = 0; m < spec.metrics.size(); ++m) {
        const ColumnMapping& c = spec.metrics[m];
        r.metrics.push_back(
            scaled(c, number(path, row, c.column, field(metric_at[m], c.column), true)));
      }
      readings.push_back(std::move(r));
      ++rows;
    }
    if (rows == 0) throw core::InputError(path + ": has a header but no rows of readings");
  }
  return readings;
}

double median(std::vector<double> values) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }),
               values.end());
  if (values.empty()) return kNaN;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

double sample_sd(const std::vector<double>& values) {
  double mean = 0.0;
  for (double v : values) mean += v;
  mean /= static_cast<double>(values.size());
  double m2 = 0.0;
  for (double v : values) m2 += (v - mean) * (v - mean);
  return std::sqrt(m2 / static_cast<double>(values.size() - 1));
}

}  // namespace

void pool_readings(traces::Surface& surface, const std::string& name, const std::string& unit,
                   const std::vector<std::vector<double>>& readings) {
  traces::Metric& metric = surface.metrics[name];
  metric.unit = unit;
  metric.values.clear();
  std::size_t repeats = 0;  // the common count of readings, 0 when they differ
  bool first = true, all_finite = true;
  for (const std::vector<double>& point : readings) {
    metric.values.push_back(median(point));
    all_finite = all_finite &&
                 std::all_of(point.begin(), point.end(), [](double v) { return std::isfinite(v); });
    if (point.empty()) continue;
    repeats = first || point.size() == repeats ? point.size() : 0;
    first = false;
  }
  if (repeats < 2 || !all_finite) return;
  traces::Metric& sd = surface.metrics_std[name];
  traces::RepeatedMetric& each = surface.repeats[name];
  sd.unit = each.unit = unit;
  sd.values.clear();
  each.values.clear();
  each.repeats = repeats;
  for (const std::vector<double>& point : readings) {
    sd.values.push_back(point.empty() ? kNaN : sample_sd(point));
    for (std::size_t r = 0; r < repeats; ++r)
      each.values.push_back(point.empty() ? kNaN : point[r]);
  }
}

ColumnMapping parse_column_mapping(const std::string& flag, const std::string& text) {
  const std::size_t equals = text.find('='), colon = text.rfind(':');
  if (equals == std::string::npos || equals == 0 || colon == std::string::npos ||
      colon < equals + 2 || colon + 1 == text.size()) {
    throw core::InputError(flag + " '" + traces::printable(text) +
                           "' is not NAME=COLUMN:UNIT (e.g. " + flag + " gpu_freq=freq:MHz)");
  }
  return {text.substr(0, equals), text.substr(equals + 1, colon - equals - 1),
          text.substr(colon + 1)};
}

// Names a surface holds once (a knob and a metric both called "power" made
// an HDF5 write fail with "disk full?"), and --scale entries that scale a
// column actually imported (a misspelt one was silently ignored).
void check_mappings(const ImportSpec& spec) {
  std::set<std::string> names, columns;
  for (const auto* list : {&spec.knobs, &spec.metrics}) {
    for (const ColumnMapping& c : *list) {
      if (!names.insert(c.name).second) {
        throw core::InputError("'" + traces::printable(c.name) +
                               "' is named by two --knob/--metric options; give each once");
      }
      columns.insert(c.column);
    }
  }
  for (const auto& [column, factor] : spec.scale) {
    if (!columns.count(column)) {
      throw core::InputError("--scale " + traces::printable(column) +
                             "=...: no --knob or --metric reads a column called '" +
                             traces::printable(column) + "'; check the column name");
    }
  }
}

namespace {

// Each knob's levels: given (--levels), the board's (--grid device), or
// the distinct values read. Refuses a reading off a given grid, naming the
// column, the row and where the levels came from: a column of CPU
// frequencies in kHz read as GPU frequencies once slipped through.
std::vector<core::Knob> grid_knobs(const ImportSpec& spec, const std::vector<Reading>& readings) {
  std::map<std::string, KnobLevels> given;
  if (spec.device_grid) given = device_grid_levels(spec.device);
  for (const auto& [knob_name, values] : spec.levels) {
    const std::string& name = knob_name;  // a lambda cannot capture a structured binding
    const bool known = std::any_of(spec.knobs.begin(), spec.knobs.end(),
                                   [&](const ColumnMapping& k) { return k.name == name; });
    if (!known)
      throw core::InputError("--levels " + traces::printable(name) + "=...: no --knob is called '" +
                             traces::printable(name) + "'; check the knob name");
    given[name] = {values, "the --levels " + name + " list"};
  }
  std::vector<core::Knob> knobs;
  for (std::size_t k = 0; k < spec.knobs.size(); ++k) {
    const ColumnMapping& mapping = spec.knobs[k];
    core::Knob knob{mapping.name, mapping.unit, {}};
    const auto levels = given.find(mapping.name);
    if (levels == given.end()) {
      for (const Reading& r : readings) knob.values.push_back(r.knobs[k]);
      std::sort(knob.values.begin(), knob.values.end());
      knob.values.erase(std::unique(knob.values.begin(), knob.values.end()), knob.values.end());
    } else {
      knob.values = levels->second.values;
      for (const Reading& r : readings) {
        if (level_of(knob.values, r.knobs[k])) continue;
        throw core::InputError(fmt::format(
            "{}: row {}: column '{}' (--knob {}) holds {:g}, which is not one of the {} levels "
            "of {} ({:g} .. {:g} {}); check the column and its --scale, or give the knob's "
            "levels with --levels {}=...",
            spec.csv_files[r.file], r.row, traces::printable(mapping.column), mapping.name,
            r.knobs[k], knob.values.size(), levels->second.source, knob.values.front(),
            knob.values.back(), traces::printable(mapping.unit), mapping.name));
      }
    }
    knobs.push_back(std::move(knob));
  }
  if (!core::bounded_grid_points(knobs, traces::kMaxSurfacePoints)) {
    std::string counts;
    for (const core::Knob& knob : knobs)
      counts += (counts.empty() ? "" : ", ") + knob.name + " " + std::to_string(knob.values.size());
    throw core::InputError("the readings' distinct knob values (" + traces::printable(counts) +
                           ") span more than the " + std::to_string(traces::kMaxSurfacePoints) +
                           " grid points a surface may; round each knob to its settable values");
  }
  return knobs;
}

}  // namespace

traces::Surface import_surface(const ImportSpec& spec) {
  if (spec.csv_files.empty()) throw core::InputError("no --csv file to import");
  if (spec.knobs.empty()) throw core::InputError("no --knob: name at least one knob column");
  check_mappings(spec);
  // Ids and text end up in JSON and Python strings, which must be UTF-8.
  for (const auto& [flag, text] :
       {std::pair<const char*, const std::string&>{"--device", spec.device},
        {"--model", spec.model},
        {"--description", spec.description}}) {
    if (!core::valid_utf8(text))
      throw core::InputError(std::string(flag) + " '" + traces::printable(text) +
                             "' is not valid UTF-8; give it in UTF-8");
  }
  const std::vector<Reading> readings = read_tables(spec);

  const std::vector<core::Knob> knobs = grid_knobs(spec, readings);
  traces::Surface s;
  s.device = spec.device;
  s.model = spec.model;
  s.provenance = "recorded";
  s.description = spec.description;
  s.space = core::ConfigSpace(knobs);

  // Readings per grid point, in file order.
  std::vector<std::vector<const Reading*>> at(s.space.size());
  for (const Reading& r : readings) {
    core::Config c;
    for (std::size_t k = 0; k < knobs.size(); ++k)
      c.level.push_back(*level_of(knobs[k].values, r.knobs[k]));
    at[s.space.index(c)].push_back(&r);
  }
  if (spec.given_grid()) {
    s.measured.resize(at.size());
    for (std::size_t i = 0; i < at.size(); ++i) s.measured[i] = at[i].empty() ? 0 : 1;
  }
  for (std::size_t m = 0; m < spec.metrics.size(); ++m) {
    std::vector<std::vector<double>> values(at.size());
    for (std::size_t i = 0; i < at.size(); ++i)
      for (const Reading* r : at[i]) values[i].push_back(r->metrics[m]);
    pool_readings(s, spec.metrics[m].name, spec.metrics[m].unit, values);
  }
  traces::validate_surface(s);
  return s;
}

void export_surface_csv(const traces::Surface& surface, const std::string& path) {
  std::vector<std::string> names;
  for (const auto& [name, metric] : surface.metrics) names.push_back(name);
  std::size_t repeats = 0;
  for (const std::string& name : names) {
    const auto r = surface.repeats.find(name);
    const std::size_t count = r == surface.repeats.end() ? 0 : r->second.repeats;
    repeats = name == names.front() || count == repeats ? count : 0;
  }
  std::vector<std::string> header;
  for (const core::Knob& k : surface.space.knobs()) header.push_back(csv_field(k.name));
  for (const std::string& name : names) header.push_back(csv_field(name));
  const std::string temporary = temporary_beside(path);
  const auto fail = [&](const std::string& why) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw core::InputError(path + ": " + why);
  };
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) fail("cannot write; check the directory");
    out << csv_line(header) << '\n';
    for (std::size_t i = 0; i < surface.space.size(); ++i) {
      if (!surface.available(i)) continue;
      const core::Config c = surface.space.config(i);
      for (std::size_t r = 0; r < std::max<std::size_t>(repeats, 1); ++r) {
        std::vector<std::string> row;
        for (std::size_t k = 0; k < c.level.size(); ++k)
          row.push_back(
              csv_number(surface.space.knob(k).values[static_cast<std::size_t>(c.level[k])]));
        for (const std::string& name : names) {
          row.push_back(csv_number(repeats ? surface.repeats.at(name).values[i * repeats + r]
                                           : surface.metrics.at(name).values[i]));
        }
        out << csv_line(row) << '\n';
      }
    }
    if (!out.flush()) fail("write failed; is the disk full?");
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) fail("cannot write; check the directory");
}

}  // namespace experiments
