// edgetune sample FULL.h5 --fraction F --out SAMPLED.h5 [--design D]
//                 [--seed S] [--force]
// What a lab would have recorded of a fully measured surface: a design of a
// share of its grid (experiments/completion/fidelity.h, subsample), written
// as a sampled recording to complete, or to study completion on.
#include <fmt/format.h>

#include <iostream>

#include "core/errors.h"
#include "experiments/cli/command_line.h"
#include "experiments/completion/fidelity.h"
#include "experiments/tables/text_file.h"
#include "traces/surface_file.h"

namespace po = boost::program_options;

namespace experiments {

int cmd_sample(const Args& args, const OptimizerFactory& /*optimizers*/) {
  po::options_description options("sample options");
  options.add_options()("file", po::value<std::string>()->required(),
                        "a fully measured surface (.h5, format version 1)")(
      "fraction", po::value<double>()->required(), "share of the grid to keep, in (0, 1)")(
      "out", po::value<std::string>()->required(), "sampled surface to write (.h5)")(
      "design", po::value<std::string>()->default_value("lhs"),
      "lhs (as live --record), random, sobol or maximin; the corners are always kept")(
      "seed", po::value<std::uint64_t>()->default_value(1), "the design's seed")(
      "force", po::bool_switch(), "overwrite --out if it exists (never FILE)");
  po::positional_options_description positional;
  positional.add("file", 1);
  const auto vm = parse_command_line(
      args, "edgetune sample FULL.h5 --fraction F --out SAMPLED.h5 [--design D] [--seed S]",
      options, positional);
  if (!vm) return 0;
  const std::string file = (*vm)["file"].as<std::string>();
  const std::string out = (*vm)["out"].as<std::string>();
  const double fraction = (*vm)["fraction"].as<double>();
  if (!(fraction > 0 && fraction < 1))
    throw core::InputError(
        fmt::format("--fraction {} is not a share of the grid in (0, 1)", fraction));
  const SampleDesign design = parse_sample_design((*vm)["design"].as<std::string>());
  check_destination("--out", out, (*vm)["force"].as<bool>(), {file});
  const traces::Surface full = traces::load_surface(file);
  if (!full.measured.empty())
    throw core::InputError(file +
                           ": already a sampled or completed surface; sample a fully "
                           "measured one (format version 1)");
  const traces::Surface sampled =
      subsample(full, fraction, (*vm)["seed"].as<std::uint64_t>(), design);
  traces::write_surface(sampled, out, (*vm)["force"].as<bool>());
  std::cout << fmt::format("{}: {} of {} points of {} ({} design)\n", out,
                           sampled.measured_points(), sampled.space.size(), file,
                           design_name(design));
  return 0;
}

}  // namespace experiments
