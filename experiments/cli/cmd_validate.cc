// edgetune validate FILE...: exit 0 when every file conforms.
#include <iostream>

#include "core/errors.h"
#include "experiments/cli/command_line.h"
#include "experiments/surfaces/surface_summary.h"
#include "traces/surface_file.h"

namespace po = boost::program_options;

namespace experiments {

int cmd_validate(const Args& args, const OptimizerFactory& /*optimizers*/) {
  po::options_description options("validate options");
  options.add_options()("files", po::value<std::vector<std::string>>()->required(),
                        "surface files (.h5)");
  po::positional_options_description positional;
  positional.add("files", -1);
  const auto vm = parse_command_line(args, "edgetune validate FILE...", options, positional);
  if (!vm) return 0;
  int failures = 0;
  for (const std::string& path : (*vm)["files"].as<std::vector<std::string>>()) {
    try {
      const traces::Surface surface = traces::load_surface(path);
      const std::string measured = measured_share_text(surface);
      std::cout << path << ": ok (" << surface.device << ", " << surface.model << ", "
                << (measured.empty() ? std::to_string(surface.space.size()) + " points" : measured)
                << ")\n";
    } catch (const core::InputError& e) {
      std::cerr << "edgetune validate: " << e.what() << "\n";
      ++failures;
    }
  }
  return failures ? 2 : 0;
}

}  // namespace experiments
