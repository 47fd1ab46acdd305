#include "experiments/cli/goal_options.h"

#include <optional>
#include <string>

#include "core/errors.h"

namespace po = boost::program_options;

namespace experiments {

void add_goal_options(po::options_description& options, bool required) {
  auto* goal = po::value<std::string>();
  if (required) goal->required();
  options.add_options()("goal", goal, "max-throughput | min-power | dual | max-efficiency")(
      "power-budget", po::value<double>(), "power budget W (max-throughput, dual)")(
      "throughput-target", po::value<double>(), "throughput target fps (min-power, dual)");
}

core::Goal goal_from_options(const po::variables_map& vm) {
  if (!vm.count("goal")) {
    throw core::InputError(
        "--goal is required: max-throughput | min-power | dual | max-efficiency");
  }
  const std::string kind = vm["goal"].as<std::string>();
  std::optional<double> budget, target;
  if (vm.count("power-budget")) budget = vm["power-budget"].as<double>();
  if (vm.count("throughput-target")) target = vm["throughput-target"].as<double>();

  core::Goal goal;
  if (kind == "max-throughput") {
    if (target) {
      throw core::InputError(
          "--throughput-target does not apply to --goal max-throughput; use --goal dual "
          "for a budget and a target together");
    }
    goal = core::Goal::max_throughput(budget);
  } else if (kind == "min-power") {
    if (!target) throw core::InputError("--goal min-power needs --throughput-target FPS");
    if (budget) {
      throw core::InputError(
          "--power-budget does not apply to --goal min-power; use --goal dual for both");
    }
    goal = core::Goal::min_power(*target);
  } else if (kind == "dual") {
    if (!budget || !target) {
      throw core::InputError("--goal dual needs both --power-budget W and --throughput-target FPS");
    }
    goal = core::Goal::dual(*budget, *target);
  } else if (kind == "max-efficiency") {
    goal.objective = core::Objective::kMaxEfficiency;
    goal.power_budget_w = budget;
    goal.throughput_target_fps = target;
  } else {
    throw core::InputError("unknown --goal '" + kind +
                           "'; use max-throughput, min-power, dual or max-efficiency");
  }
  goal.validate();
  return goal;
}

}  // namespace experiments
