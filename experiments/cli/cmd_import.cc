// edgetune import --csv FILE [--csv FILE...] --knob NAME=COLUMN:UNIT...
//                 --metric NAME=COLUMN:UNIT... [--scale COLUMN=FACTOR...]
//                 --device ID --model ID [--description TEXT] --out OUT.h5
//                 [--grid readings|device] [--levels NAME=V1,V2|NAME=LO:HI...]
//                 [--force] [--json]
// edgetune export FILE --out OUT.csv [--force]
// Recorded measurements in, and a surface's readings out, as long-format
// CSV (experiments/surfaces/surface_import.h says how readings are pooled).
#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <iostream>

#include "core/errors.h"
#include "experiments/cli/command_line.h"
#include "experiments/cli/json_output.h"
#include "experiments/surfaces/import_grid.h"
#include "experiments/surfaces/surface_import.h"
#include "experiments/surfaces/surface_summary.h"
#include "experiments/tables/text_file.h"
#include "traces/surface_file.h"

namespace po = boost::program_options;

namespace experiments {
namespace {

std::pair<std::string, double> parse_scale(const std::string& text) {
  const std::size_t equals = text.find('=');
  char* end = nullptr;
  const double factor =
      equals == std::string::npos ? NAN : std::strtod(text.c_str() + equals + 1, &end);
  if (equals == std::string::npos || equals == 0 || end != text.c_str() + text.size() ||
      !std::isfinite(factor) || factor == 0) {
    throw core::InputError("--scale '" + traces::printable(text) +
                           "' is not COLUMN=FACTOR with a finite, non-zero factor (e.g. --scale "
                           "freq=1e-6 for Hz to MHz)");
  }
  return {text.substr(0, equals), factor};
}

std::vector<std::string> strings(const po::variables_map& vm, const char* name) {
  return vm.count(name) ? vm[name].as<std::vector<std::string>>() : std::vector<std::string>{};
}

}  // namespace

int cmd_import(const Args& args, const OptimizerFactory& /*optimizers*/) {
  po::options_description options("import options");
  options.add_options()("csv", po::value<std::vector<std::string>>()->required()->multitoken(),
                        "long-format table(s): one row per reading, header row first")(
      "knob", po::value<std::vector<std::string>>()->required()->multitoken(),
      "NAME=COLUMN:UNIT, one per knob, in axis order (e.g. gpu_freq=freq:MHz)")(
      "metric", po::value<std::vector<std::string>>()->required()->multitoken(),
      "NAME=COLUMN:UNIT; throughput (fps) and power (W) are required")(
      "scale", po::value<std::vector<std::string>>()->multitoken(),
      "COLUMN=FACTOR: multiply a column's values (e.g. freq=1e-6, Hz to MHz)")(
      "device", po::value<std::string>()->required(), "device id, e.g. jetson-xavier-nx")(
      "model", po::value<std::string>()->required(), "model id, e.g. inception")(
      "grid", po::value<std::string>()->default_value("readings"),
      "readings: each knob's levels are the values read (a full-grid recording); device: the "
      "board's levels from the device profile whose id is --device (a sampled recording)")(
      "levels", po::value<std::vector<std::string>>()->multitoken(),
      "NAME=V1,V2,... or NAME=LO:HI: a knob's levels, for a sampled recording (e.g. "
      "concurrency=1:8)")("description", po::value<std::string>()->default_value(""),
                          "how the readings were taken (source, framework, precision)")(
      "out", po::value<std::string>()->required(), "surface file to write (.h5)")(
      "force", po::bool_switch(), "overwrite --out if it exists")("json", po::bool_switch(),
                                                                  "print one JSON object");
  const auto vm = parse_command_line(
      args,
      "edgetune import --csv FILE... --knob NAME=COLUMN:UNIT... --metric NAME=COLUMN:UNIT... "
      "--device ID --model ID --out OUT.h5",
      options);
  if (!vm) return 0;
  ImportSpec spec;
  spec.csv_files = strings(*vm, "csv");
  for (const std::string& k : strings(*vm, "knob"))
    spec.knobs.push_back(parse_column_mapping("--knob", k));
  for (const std::string& m : strings(*vm, "metric"))
    spec.metrics.push_back(parse_column_mapping("--metric", m));
  for (const std::string& s : strings(*vm, "scale")) spec.scale.insert(parse_scale(s));
  spec.device = (*vm)["device"].as<std::string>();
  spec.model = (*vm)["model"].as<std::string>();
  spec.description = (*vm)["description"].as<std::string>();
  const std::string grid = (*vm)["grid"].as<std::string>();
  if (grid != "readings" && grid != "device")
    throw core::InputError("--grid '" + traces::printable(grid) + "' is not readings or device");
  spec.device_grid = grid == "device";
  for (const std::string& l : strings(*vm, "levels")) {
    auto [name, values] = parse_levels(l);
    if (!spec.levels.emplace(name, std::move(values)).second)
      throw core::InputError("--levels " + traces::printable(name) +
                             " is given twice; give it once");
  }
  const std::string out = (*vm)["out"].as<std::string>();
  check_destination("--out", out, (*vm)["force"].as<bool>(), spec.csv_files);
  const traces::Surface surface = import_surface(spec);
  traces::write_surface(surface, out, (*vm)["force"].as<bool>());
  // Points measured that could run: for a sampled recording, of the board's grid.
  std::size_t measured = 0;
  for (std::size_t i = 0; i < surface.space.size(); ++i) measured += surface.available(i);
  const std::size_t repeats = surface.repeats.empty() ? 1 : surface.repeats.begin()->second.repeats;
  if ((*vm)["json"].as<bool>()) {
    print_json({{"out", out},
                {"grid_points", surface.space.size()},
                {"measured_points", measured},
                {"readings_per_point", repeats},
                {"format_version", surface.measured.empty() ? 1 : 2},
                {"configurations_measured", surface.measured_points()}});
  } else {
    std::cout << fmt::format("{}: {} grid points, {} measured ({} reading{} each{})\n", out,
                             surface.space.size(), measured, repeats, repeats == 1 ? "" : "s",
                             surface.repeats.empty() ? "" : "; spread in /metrics_std");
    if (const std::string share = measured_share_text(surface); !share.empty())
      std::cout << "  a sampled recording: " << share << "\n";
  }
  return 0;
}

int cmd_export(const Args& args, const OptimizerFactory& /*optimizers*/) {
  po::options_description options("export options");
  options.add_options()("file", po::value<std::string>()->required(), "surface file (.h5)")(
      "out", po::value<std::string>()->required(), "CSV file to write")(
      "force", po::bool_switch(), "overwrite --out if it exists (never FILE)");
  po::positional_options_description positional;
  positional.add("file", 1);
  const auto vm =
      parse_command_line(args, "edgetune export FILE --out OUT.csv [--force]", options, positional);
  if (!vm) return 0;
  const std::string file = (*vm)["file"].as<std::string>();
  check_destination("--out", (*vm)["out"].as<std::string>(), (*vm)["force"].as<bool>(), {file});
  const traces::Surface surface = traces::load_surface(file);
  export_surface_csv(surface, (*vm)["out"].as<std::string>());
  std::cout << "readings of " << surface.label() << " written to " << (*vm)["out"].as<std::string>()
            << "\n";
  return 0;
}

}  // namespace experiments
