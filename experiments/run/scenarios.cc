#include "experiments/run/scenarios.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/errors.h"

namespace experiments {
namespace {

Scenario budget(double fraction) {
  Scenario s;
  s.name = fmt::format("budget-{:.0f}", fraction * 100);
  s.kind = "max-throughput";
  s.power_fraction = fraction;
  return s;
}

Scenario target(double fraction) {
  Scenario s;
  s.name = fmt::format("target-{:.0f}", fraction * 100);
  s.kind = "min-power";
  s.throughput_fraction = fraction;
  return s;
}

Scenario dual(double fraction) {
  Scenario s;
  s.name = fmt::format("dual-{:.0f}", fraction * 100);
  s.kind = "dual";
  s.throughput_fraction = fraction;
  return s;
}

// `base` renamed "<tag>-<name>" with `drift`.
Scenario drifting(Scenario base, const std::string& tag, const Drift& drift) {
  base.name = tag + "-" + base.name;
  base.drift = drift;
  return base;
}

std::vector<Scenario> drift_set() {
  std::vector<Scenario> set;
  const std::pair<const char*, Drift> kinds[] = {{"swap", Drift::at(15, "other", 1.0, 0.0)},
                                                 {"derate", Drift::at(15, "", 0.8, 0.0)},
                                                 {"load", Drift::at(15, "", 1.0, 0.15)}};
  for (const auto& [tag, drift] : kinds) {
    for (const Scenario& base : {budget(0.5), target(0.5), dual(0.5)})
      set.push_back(drifting(base, tag, drift));
  }
  return set;
}

struct Ranges {
  double min_w = std::numeric_limits<double>::infinity();
  double max_w = -std::numeric_limits<double>::infinity();
  double max_fps = -std::numeric_limits<double>::infinity();
};

Ranges ranges(const traces::Surface& surface) {
  Ranges r;
  const traces::Surface::Columns c = surface.columns();
  for (std::size_t i = 0; i < surface.space.size(); ++i) {
    if (!c.available(i)) continue;
    r.min_w = std::min(r.min_w, c.watts[i]);
    r.max_w = std::max(r.max_w, c.watts[i]);
    r.max_fps = std::max(r.max_fps, c.fps[i]);
  }
  if (!(r.min_w <= r.max_w)) {
    throw core::InputError(surface.label() +
                           ": no available configuration; a scenario needs at least one");
  }
  return r;
}

double least_power_meeting(const traces::Surface& surface, double target_fps) {
  double best = std::numeric_limits<double>::infinity();
  const traces::Surface::Columns c = surface.columns();
  for (std::size_t i = 0; i < surface.space.size(); ++i) {
    if (c.available(i) && c.fps[i] >= target_fps) best = std::min(best, c.watts[i]);
  }
  return best;
}

void check_fraction(const Scenario& s, const std::optional<double>& value, const char* field) {
  if (value && !(*value > 0 && *value <= 1)) {
    throw core::InputError(
        fmt::format("scenario '{}': {} is {}; it must be in (0, 1]", s.name, field, *value));
  }
}

std::optional<double> optional_number(const nlohmann::json& j, const char* key) {
  if (!j.contains(key)) return std::nullopt;
  return j.at(key).get<double>();
}

}  // namespace

void Scenario::validate() const {
  if (name.empty()) throw core::InputError("a scenario has no name; give each a \"name\"");
  if (kind != "max-throughput" && kind != "min-power" && kind != "dual") {
    throw core::InputError("scenario '" + name + "': goal '" + kind +
                           "' unknown; use max-throughput, min-power or dual");
  }
  check_fraction(*this, power_fraction, "power_fraction");
  check_fraction(*this, throughput_fraction, "throughput_fraction");
  const bool has_budget = power_fraction || power_budget_w;
  const bool has_target = throughput_fraction || throughput_target_fps;
  if (kind == "min-power" && !has_target) {
    throw core::InputError("scenario '" + name + "': min-power needs throughput_fraction");
  }
  if (kind == "dual" && !(has_target && (has_budget || power_slack >= 0))) {
    throw core::InputError("scenario '" + name + "': dual needs throughput_fraction");
  }
  if (!(power_slack >= 0)) {
    throw core::InputError("scenario '" + name + "': power_slack must be >= 0");
  }
  if (drift) drift->validate(name);
}

core::Goal Scenario::resolve(const traces::Surface& surface) const {
  const Ranges r = ranges(surface);
  std::optional<double> budget = power_budget_w;
  if (!budget && power_fraction) budget = r.min_w + *power_fraction * (r.max_w - r.min_w);
  std::optional<double> target = throughput_target_fps;
  if (!target && throughput_fraction) target = *throughput_fraction * r.max_fps;

  core::Goal goal;
  if (kind == "max-throughput") {
    goal = core::Goal::max_throughput(budget);
  } else if (kind == "min-power") {
    goal = core::Goal::min_power(*target);
  } else {
    if (!budget) budget = (1.0 + power_slack) * least_power_meeting(surface, *target);
    goal = core::Goal::dual(*budget, *target);
  }
  goal.validate();
  return goal;
}

std::string Scenario::describe() const {
  std::string text = kind;
  if (power_budget_w)
    text += fmt::format(", power <= {} W", *power_budget_w);
  else if (power_fraction)
    text += fmt::format(", power <= {:.0f}% of the min..max power range", *power_fraction * 100);
  if (throughput_target_fps)
    text += fmt::format(", throughput >= {} fps", *throughput_target_fps);
  else if (throughput_fraction)
    text += fmt::format(", throughput >= {:.0f}% of max", *throughput_fraction * 100);
  if (kind == "dual" && !power_budget_w && !power_fraction)
    text += fmt::format(", power <= {:.0f}% above the least power meeting it", power_slack * 100);
  if (drift) text += "; drift " + drift->describe();
  return text;
}

const std::vector<ScenarioSet>& scenario_sets() {
  static const std::vector<ScenarioSet> sets = {
      {"paper",
       "power budgets at 30/50/70% of the power range, throughput targets at 30/50/70% of "
       "max, three strict dual pairs near the Pareto front",
       {budget(0.3), budget(0.5), budget(0.7), target(0.3), target(0.5), target(0.7), dual(0.3),
        dual(0.5), dual(0.7)}},
      {"smoke", "one scenario of each goal type, for CI", {budget(0.5), target(0.5), dual(0.5)}},
      {"drift",
       "the device changes at trial 15: swap to the board's most different model, a 20% "
       "thermal derate, or background load of 15% of the budget; goals derived from the "
       "post-drift surface (before the load)",
       drift_set()},
  };
  return sets;
}

ScenarioSet find_scenario_set(const std::string& name_or_path) {
  if (name_or_path.size() > 5 && name_or_path.substr(name_or_path.size() - 5) == ".json") {
    return load_scenario_file(name_or_path);
  }
  std::string known;
  for (const ScenarioSet& set : scenario_sets()) {
    if (set.name == name_or_path) return set;
    known += (known.empty() ? "" : ", ") + set.name;
  }
  throw core::InputError("unknown scenario set '" + name_or_path + "'; known sets: " + known +
                         " (or a .json scenario file)");
}

ScenarioSet load_scenario_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw core::InputError(path + ": cannot open scenario file; check the path");
  ScenarioSet set;
  try {
    const nlohmann::json j = nlohmann::json::parse(in);
    set.name = j.value("name", path);
    set.description = j.value("description", "scenarios from " + path);
    for (const nlohmann::json& item : j.at("scenarios")) {
      Scenario s;
      s.name = item.at("name").get<std::string>();
      s.kind = item.at("goal").get<std::string>();
      s.power_fraction = optional_number(item, "power_fraction");
      s.throughput_fraction = optional_number(item, "throughput_fraction");
      s.power_slack = item.value("power_slack", 0.05);
      s.power_budget_w = optional_number(item, "power_budget_w");
      s.throughput_target_fps = optional_number(item, "throughput_target_fps");
      if (item.contains("drift")) s.drift = Drift::from_json(item.at("drift"));
      s.validate();
      set.scenarios.push_back(s);
    }
  } catch (const nlohmann::json::exception& e) {
    throw core::InputError(path + ": not a valid scenario file (" + std::string(e.what()) +
                           "); see `edgetune list scenarios --json` for the layout");
  }
  if (set.scenarios.empty()) throw core::InputError(path + ": holds no scenarios");
  return set;
}

nlohmann::json scenario_json(const Scenario& s) {
  nlohmann::json j = {{"name", s.name}, {"goal", s.kind}, {"description", s.describe()}};
  if (s.power_fraction) j["power_fraction"] = *s.power_fraction;
  if (s.throughput_fraction) j["throughput_fraction"] = *s.throughput_fraction;
  if (s.kind == "dual") j["power_slack"] = s.power_slack;
  if (s.power_budget_w) j["power_budget_w"] = *s.power_budget_w;
  if (s.throughput_target_fps) j["throughput_target_fps"] = *s.throughput_target_fps;
  if (s.drift) j["drift"] = s.drift->json();
  return j;
}

nlohmann::json scenario_set_json(const ScenarioSet& set) {
  nlohmann::json list = nlohmann::json::array();
  for (const Scenario& s : set.scenarios) list.push_back(scenario_json(s));
  return {{"name", set.name}, {"description", set.description}, {"scenarios", list}};
}

}  // namespace experiments
