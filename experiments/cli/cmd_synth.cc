// edgetune synth --device ID|PATH --model ID|PATH --out FILE [--seed S]
//                [--repeats R] [--force] [--json]
#include <fmt/format.h>

#include <iostream>

#include "core/errors.h"
#include "experiments/cli/command_line.h"
#include "experiments/cli/json_output.h"
#include "experiments/surfaces/surface_summary.h"
#include "sim/synthesizer.h"
#include "traces/surface_file.h"

namespace po = boost::program_options;

namespace experiments {

int cmd_synth(const Args& args, const OptimizerFactory& /*optimizers*/) {
  po::options_description options("synth options");
  options.add_options()("device", po::value<std::string>()->required(),
                        "device profile id or .json path")(
      "model", po::value<std::string>()->required(), "model profile id or .json path")(
      "out", po::value<std::string>()->required(), "surface file to write (.h5)")(
      "seed", po::value<Seed>()->default_value(Seed{1}), "seed of the idiosyncrasy and repeats")(
      "repeats", po::value<int>()->default_value(0), "repeated measurements per point to store")(
      "force", po::bool_switch(), "overwrite --out if it exists")("json", po::bool_switch(),
                                                                  "print one JSON object");
  const auto vm = parse_command_line(
      args, "edgetune synth --device ID|PATH --model ID|PATH --out FILE [--seed S] [--repeats R]",
      options);
  if (!vm) return 0;
  sim::SynthOptions synth;
  synth.seed = (*vm)["seed"].as<Seed>().value;
  synth.repeats = (*vm)["repeats"].as<int>();
  synth.validate();  // before the profiles load: a bad flag is the first thing to say
  const sim::PerformanceModel model(sim::load_device_profile((*vm)["device"].as<std::string>()),
                                    sim::load_model_profile((*vm)["model"].as<std::string>()));
  traces::Surface surface = sim::synthesize(model, synth);
  const std::string out = (*vm)["out"].as<std::string>();
  traces::write_surface(surface, out, (*vm)["force"].as<bool>());
  surface.path = out;
  const SurfaceSummary summary = summarize(surface);
  const MetricRange fps = summary.ranges.at("throughput"), watts = summary.ranges.at("power");
  if ((*vm)["json"].as<bool>()) {
    print_json({{"file", out},
                {"device", surface.device},
                {"model", surface.model},
                {"grid_points", summary.points},
                {"available_points", summary.available},
                {"throughput_fps", {fps.min, fps.max}},
                {"power_w", {watts.min, watts.max}}});
  } else {
    std::cout << fmt::format(
        "{}: {} on {}, {} points ({} available), {:.1f}..{:.1f} fps, "
        "{:.1f}..{:.1f} W\n",
        out, surface.model, surface.device, summary.points, summary.available, fps.min, fps.max,
        watts.min, watts.max);
  }
  return 0;
}

}  // namespace experiments
