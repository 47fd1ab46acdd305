// edgetune complete IN.h5 --out OUT.h5 [--method log-gp] [--seed S]
//                   [--allow-weak] [--force] [--json]
// A full, replayable surface from a sampled recording
// (experiments/completion/surface_completion.h).
#include <fmt/format.h>

#include <iostream>

#include "core/errors.h"
#include "core/text.h"
#include "experiments/cli/command_line.h"
#include "experiments/cli/json_output.h"
#include "experiments/completion/surface_completion.h"
#include "experiments/tables/text_file.h"
#include "traces/surface_file.h"

namespace po = boost::program_options;

namespace experiments {

int cmd_complete(const Args& args, const OptimizerFactory& /*optimizers*/) {
  po::options_description options("complete options");
  options.add_options()("file", po::value<std::string>()->required(),
                        "sampled surface (.h5, format version 2)")(
      "out", po::value<std::string>()->required(), "completed surface to write (.h5)")(
      "method", po::value<std::string>()->default_value("log-gp"),
      "log-gp: a Gaussian process on log-metrics over log knob values; model-gp: the board's "
      "performance model calibrated to the readings, and a Gaussian process on what it misses")(
      "device-profile", po::value<std::string>()->default_value(""),
      "model-gp: the device profile id to calibrate (default: the surface's device)")(
      "values", po::value<std::string>()->default_value("median"),
      "an unmeasured point's value: median (the smooth model; the smaller error at any one "
      "point) or draw (the median times a deviation drawn at the fitted per-point size, as "
      "rough as a recording)")(
      "seed", po::value<std::uint64_t>()->default_value(1),
      "picks the readings the hyperparameters are fitted to when there are many, and keys the "
      "drawn deviations")(
      "allow-weak", po::bool_switch(),
      "write the surface even when held-out readings show the model predicts no better than "
      "their mean")("force", po::bool_switch(), "overwrite --out if it exists (never FILE)")(
      "json", po::bool_switch(), "print one JSON object");
  po::positional_options_description positional;
  positional.add("file", 1);
  const auto vm = parse_command_line(
      args,
      "edgetune complete FILE --out OUT.h5 [--method log-gp] [--values median|draw] [--allow-weak] "
      "[--json]",
      options, positional);
  if (!vm) return 0;
  const std::string file = (*vm)["file"].as<std::string>();
  const std::string out = (*vm)["out"].as<std::string>();
  check_destination("--out", out, (*vm)["force"].as<bool>(), {file});
  CompletionOptions completion;
  completion.method = (*vm)["method"].as<std::string>();
  completion.seed = (*vm)["seed"].as<std::uint64_t>();
  completion.values = parse_unmeasured_values((*vm)["values"].as<std::string>(), "--values");
  completion.allow_weak = (*vm)["allow-weak"].as<bool>();
  completion.device_profile = (*vm)["device-profile"].as<std::string>();
  const traces::Surface sampled = traces::load_surface(file);
  CompletionReport report;
  const traces::Surface completed = complete_surface(sampled, completion, &report);
  traces::write_surface(completed, out, (*vm)["force"].as<bool>());
  for (const std::string& warning : report.warnings)
    std::cerr << "edgetune complete: warning: " << warning << "\n";
  if ((*vm)["json"].as<bool>()) {
    nlohmann::json j = nlohmann::json::parse(completed.completion.parameters);
    j["out"] = out;
    j["grid_points"] = completed.space.size();
    j["warnings"] = report.warnings;
    print_json(j);
    return 0;
  }
  std::cout << fmt::format(
      "{}: {} points, {} measured ({} could not run), {} modelled by {} ({} predicted not to "
      "run; values: {})\n",
      out, completed.space.size(), report.measured, report.measured_failures,
      completed.space.size() - report.measured, completion.method, report.predicted_failures,
      unmeasured_values_name(completion.values));
  for (const MetricModel& m : report.models) {
    std::cout << fmt::format(
        "  log {}: held-out R^2 {:.3f}, {:.0f}% within +-2 sd ({} points); reading noise "
        "{:.1f}%\n",
        m.metric, m.held_out.r2, 100.0 * m.held_out.coverage, m.held_out.points,
        100.0 * m.noise_sd);
  }
  return 0;
}

}  // namespace experiments
