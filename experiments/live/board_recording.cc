#include "experiments/live/board_recording.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <vector>

#include "core/errors.h"
#include "experiments/surfaces/surface_import.h"
#include "experiments/tables/csv.h"
#include "traces/surface_file.h"

namespace experiments {
namespace {

// A configuration's readings so far; a failed one ends it.
struct Readings {
  std::vector<double> fps, watts;
  bool failed = false;
};

// The journal's first line: what recording it belongs to.
std::string journal_header(const RecordingPlan& plan, const core::ConfigSpace& space) {
  std::string grid;
  for (const core::Knob& knob : space.knobs())
    grid += (grid.empty() ? "" : "x") + std::to_string(knob.values.size());
  return fmt::format(
      "# edgetune live --record journal: design={} configurations={} repeats={} seed={} grid={}",
      design_name(plan.design), plan.configurations, plan.repeats, plan.seed, grid);
}

// What the journal holds, by flat index. Throws when it belongs to another
// recording or a row is not one of ours.
std::map<std::size_t, Readings> read_journal(const std::string& path, const std::string& header,
                                             std::size_t points) {
  std::map<std::size_t, Readings> journal;
  const std::vector<std::string> lines = read_complete_lines(path);
  if (lines.empty()) return journal;
  if (lines[0] != header) {
    throw core::InputError(path + ": the journal of another recording ('" +
                           core::printable(lines[0]) +
                           "'); rerun with the options it names to resume it, or remove it to "
                           "start over");
  }
  for (std::size_t row = 2; row < lines.size(); ++row) {
    const std::vector<std::string> fields = parse_csv_line(lines[row]);
    char* end = nullptr;
    const unsigned long long index =
        fields.size() == 4 ? std::strtoull(fields[0].c_str(), &end, 10) : points;
    if (index >= points) {
      throw core::InputError(
          fmt::format("{}: row {} is not a reading of this board's grid; remove "
                      "the journal to start over",
                      path, row + 1));
    }
    Readings& r = journal[index];
    const double fps = std::strtod(fields[2].c_str(), nullptr);
    const double watts = std::strtod(fields[3].c_str(), nullptr);
    if (std::isnan(fps) || std::isnan(watts)) {
      r.failed = true;
      continue;
    }
    r.fps.push_back(fps);
    r.watts.push_back(watts);
  }
  return journal;
}

bool complete(const Readings& r, int repeats) {
  return r.failed || static_cast<int>(r.fps.size()) >= repeats;
}

std::string duration_text(double seconds) {
  const long total = std::lround(seconds);
  if (total >= 3600) return fmt::format("{} h {} min", total / 3600, total % 3600 / 60);
  if (total >= 60) return fmt::format("{} min {} s", total / 60, total % 60);
  return fmt::format("{} s", total);
}

}  // namespace

std::string recording_journal(const std::string& out) { return out + ".readings.csv"; }

std::string board_time_text(const RecordingPlan& plan, const core::ConfigSpace& space) {
  const std::vector<std::size_t> design =
      sample_design(space, plan.configurations, plan.design, plan.seed);
  const std::map<std::size_t, Readings> journal =
      read_journal(recording_journal(plan.out), journal_header(plan, space), space.size());
  std::size_t readings_left = 0, configurations_left = 0;
  for (std::size_t index : design) {
    const auto found = journal.find(index);
    const std::size_t have = found == journal.end() ? 0 : found->second.fps.size();
    if (found != journal.end() && complete(found->second, plan.repeats)) continue;
    ++configurations_left;
    readings_left += static_cast<std::size_t>(plan.repeats) - have;
  }
  const double per_reading = plan.settle_s + plan.window_s;
  return fmt::format(
      "{} configurations ({} design){} x {} readings x ({:g} + {:g}) s = {} of "
      "board time",
      configurations_left, design_name(plan.design),
      configurations_left < design.size()
          ? fmt::format(" of {}, the rest in the journal", design.size())
          : "",
      plan.repeats, plan.settle_s, plan.window_s,
      duration_text(static_cast<double>(readings_left) * per_reading));
}

void record_board(devices::JetsonDevice& device, const RecordingPlan& plan,
                  std::ostream* progress) {
  const core::ConfigSpace& space = device.space();
  const std::vector<std::size_t> design =
      sample_design(space, plan.configurations, plan.design, plan.seed);
  const std::string journal_path = recording_journal(plan.out);
  const std::string header = journal_header(plan, space);
  std::map<std::size_t, Readings> readings = read_journal(journal_path, header, space.size());
  {
    std::ofstream journal(journal_path, std::ios::app);
    if (!journal)
      throw core::InputError(journal_path +
                             ": cannot write the recording's journal; check the "
                             "directory");
    if (readings.empty() && read_complete_lines(journal_path).empty())
      journal << header << "\nindex,reading,throughput,power\n" << std::flush;
    for (std::size_t i = 0; i < design.size(); ++i) {
      const std::size_t index = design[i];
      Readings& r = readings[index];
      while (!complete(r, plan.repeats)) {
        const core::Measurement m = device.measure(space.config(index));
        const bool ok = m.available && !m.power_cap_tripped;
        const int reading = static_cast<int>(r.fps.size());
        journal << csv_line({std::to_string(index), std::to_string(reading),
                             ok ? csv_number(m.throughput_fps) : "nan",
                             ok ? csv_number(m.power_w) : "nan"})
                << '\n'
                << std::flush;
        if (!journal)
          throw core::InputError(journal_path +
                                 ": a reading could not be saved; is the disk "
                                 "full?");
        if (!ok) {
          r.failed = true;
        } else {
          r.fps.push_back(m.throughput_fps);
          r.watts.push_back(m.power_w);
        }
        if (progress)
          *progress << fmt::format(
              "record {}/{} reading {}/{}: {} -> {}\n", i + 1, design.size(), reading + 1,
              plan.repeats, space.describe(m.config),
              ok ? fmt::format("{:.2f} fps, {:.2f} W", m.throughput_fps, m.power_w)
                 : std::string("cannot run"));
      }
    }
  }

  traces::Surface s;
  s.device = plan.device.empty() ? "live:" + plan.root : plan.device;
  s.model = plan.model.empty() ? "workload" : plan.model;
  s.provenance = "recorded";
  s.description = fmt::format(
      "edgetune live --record: {} configurations of the board's grid ({} design, seed {}) "
      "measured {} times each",
      design.size(), design_name(plan.design), plan.seed, plan.repeats);
  s.space = space;
  s.measured.assign(space.size(), 0);
  std::vector<std::vector<double>> fps(space.size()), watts(space.size());
  for (std::size_t index : design) {
    s.measured[index] = 1;
    const Readings& r = readings.at(index);
    if (r.failed) continue;  // measured, could not run: NaN
    fps[index] = r.fps;
    watts[index] = r.watts;
  }
  pool_readings(s, "throughput", "fps", fps);
  pool_readings(s, "power", "W", watts);
  traces::write_surface(s, plan.out, true);
  std::remove(journal_path.c_str());
}

}  // namespace experiments
