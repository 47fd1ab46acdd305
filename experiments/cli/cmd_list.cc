// edgetune list optimizers|scenarios [--json]
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "core/errors.h"
#include "core/optimizers/registry.h"
#include "experiments/cli/command_line.h"
#include "experiments/cli/json_output.h"
#include "experiments/run/optimizer_factory.h"
#include "experiments/run/scenarios.h"

namespace po = boost::program_options;

namespace experiments {
namespace {

int list_optimizers(bool json) {
  if (json) {
    print_json({{"optimizers", optimizer_catalog_json()}});
    return 0;
  }
  for (const core::OptimizerInfo& info : core::optimizer_catalog()) {
    std::cout << fmt::format("{:<18} {}\n", info.name, info.description);
  }
  return 0;
}

int list_scenarios(bool json) {
  if (json) {
    nlohmann::json sets = nlohmann::json::object();
    for (const ScenarioSet& set : scenario_sets()) sets[set.name] = scenario_set_json(set);
    print_json({{"scenario_sets", sets}});
    return 0;
  }
  for (const ScenarioSet& set : scenario_sets()) {
    std::cout << set.name << ": " << set.description << "\n";
    for (const Scenario& s : set.scenarios) {
      std::cout << fmt::format("  {:<14} {}\n", s.name, s.describe());
    }
  }
  return 0;
}

}  // namespace

int cmd_list(const Args& args, const OptimizerFactory& /*optimizers*/) {
  po::options_description options("list options");
  options.add_options()("what", po::value<std::string>()->required(), "optimizers | scenarios")(
      "json", po::bool_switch(), "print one JSON object");
  po::positional_options_description positional;
  positional.add("what", 1);
  const auto vm =
      parse_command_line(args, "edgetune list optimizers|scenarios [--json]", options, positional);
  if (!vm) return 0;
  const std::string what = (*vm)["what"].as<std::string>();
  const bool json = (*vm)["json"].as<bool>();
  if (what == "optimizers") return list_optimizers(json);
  if (what == "scenarios") return list_scenarios(json);
  throw core::InputError("cannot list '" + what +
                         "'; use `edgetune list optimizers` or "
                         "`edgetune list scenarios`");
}

}  // namespace experiments
