// edgetune oracle --surface F GOAL [--slack-sd K] [--json]: the exhaustive
// optimum on the noise-free surface; with --slack-sd, the best one that
// keeps K standard deviations of its own measurement noise from each
// constraint (experiments/run/verifiable_optimum.h).
#include <fmt/format.h>

#include <cmath>
#include <iostream>
#include <memory>

#include "core/errors.h"
#include "experiments/cli/command_line.h"
#include "experiments/cli/goal_options.h"
#include "experiments/cli/json_output.h"
#include "experiments/run/run_one.h"
#include "experiments/run/verifiable_optimum.h"
#include "traces/surface_file.h"

namespace po = boost::program_options;

namespace experiments {

int cmd_oracle(const Args& args, const OptimizerFactory& /*optimizers*/) {
  po::options_description options("oracle options");
  options.add_options()("surface", po::value<std::string>()->required(), "surface file (.h5)")(
      "slack-sd", po::value<double>()->default_value(0.0),
      "keep this many standard deviations of each point's measurement noise "
      "from each constraint: the best a method that verifies with n readings "
      "at z standard errors can count on (K = z/sqrt(n))")("json", po::bool_switch(),
                                                           "print one JSON object");
  add_goal_options(options);
  const auto vm = parse_command_line(args,
                                     "edgetune oracle --surface F --goal KIND [--power-budget W] "
                                     "[--throughput-target FPS] [--slack-sd K] "
                                     "[--json]",
                                     options);
  if (!vm) return 0;
  const core::Goal goal = goal_from_options(*vm);
  const double slack_sd = (*vm)["slack-sd"].as<double>();
  check_slack_sd(slack_sd, "--slack-sd");
  const traces::Surface surface = traces::load_surface((*vm)["surface"].as<std::string>());
  const core::OracleResult oracle = oracle_with_slack(surface, goal, slack_sd);
  const Reference reference = scoring_reference(surface, goal);
  if ((*vm)["json"].as<bool>()) {
    print_json(oracle_json(surface, goal, slack_sd, oracle, reference));
    return 0;
  }
  std::cout << fmt::format(
      "{}: {} ({} configurations, {} available, {} feasible{})\n", surface.label(), goal.describe(),
      oracle.configurations, oracle.available, oracle.feasible,
      slack_sd > 0 ? fmt::format(" keeping {} sd of noise from each constraint", slack_sd) : "");
  if (!oracle.best) {
    std::cout << "no configuration meets the goal\n";
  } else {
    std::cout << fmt::format("optimum: {}\n  {:.2f} fps at {:.2f} W\n",
                             surface.space.describe(*oracle.best), oracle.throughput_fps,
                             oracle.power_w);
  }
  if (surface.provenance == "recorded" && reference.denoised.best) {
    std::cout << fmt::format("denoised reference ({}): {}\n  {:.2f} fps at {:.2f} W (denoised)\n",
                             reference.metrics->method,
                             surface.space.describe(*reference.denoised.best),
                             reference.denoised.throughput_fps, reference.denoised.power_w);
  }
  return 0;
}

}  // namespace experiments
