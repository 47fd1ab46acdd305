// Scenarios: goals stated relative to a surface, so one set fits every
// device and model (DESIGN.md "Goals, scenarios, scoring").
#ifndef EDGETUNE_EXPERIMENTS_RUN_SCENARIOS_H_
#define EDGETUNE_EXPERIMENTS_RUN_SCENARIOS_H_

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/goal.h"
#include "experiments/run/drift.h"
#include "traces/surface.h"

namespace experiments {

// One goal relative to a surface's noise-free, available points:
//  - max-throughput: budget = min_w + power_fraction * (max_w - min_w);
//  - min-power: target = throughput_fraction * max_fps;
//  - dual: target = throughput_fraction * max_fps and budget = (1 +
//    power_slack) * the least power that meets the target, i.e. a strict
//    pair just above the Pareto front that some configuration satisfies.
// Absolute power_budget_w / throughput_target_fps override the fractions.
struct Scenario {
  std::string name;
  std::string kind;  // "max-throughput", "min-power", "dual"
  std::optional<double> power_fraction;
  std::optional<double> throughput_fraction;
  double power_slack = 0.05;
  std::optional<double> power_budget_w;
  std::optional<double> throughput_target_fps;
  // The device changes mid-run (experiments/run/drift.h); the goal is resolved
  // on the post-drift surface.
  std::optional<Drift> drift;

  // Throws core::InputError naming the scenario when a field is missing or
  // out of range.
  void validate() const;
  core::Goal resolve(const traces::Surface& surface) const;
  std::string describe() const;
};

struct ScenarioSet {
  std::string name;
  std::string description;
  std::vector<Scenario> scenarios;
};

// The built-in sets: `paper` (9 scenarios), `smoke` (3) and `drift` (9: a
// model swap, a 20% thermal derate and a background load of 15% of the
// budget, each at trial 15 under budget-50, target-50 and dual-50).
const std::vector<ScenarioSet>& scenario_sets();

// A built-in set by name, or a JSON scenario file when `name_or_path` ends in
// .json. Throws core::InputError listing the valid set names.
ScenarioSet find_scenario_set(const std::string& name_or_path);

// A set read from a JSON file: {"name": ..., "description": ...,
// "scenarios": [{"name": ..., "goal": "dual", "throughput_fraction": 0.5,
// "power_slack": 0.05}, ...]}.
ScenarioSet load_scenario_file(const std::string& path);

nlohmann::json scenario_json(const Scenario& scenario);
nlohmann::json scenario_set_json(const ScenarioSet& set);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_RUN_SCENARIOS_H_
