#include "experiments/sweep/sweep_plan.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/seed.h"

namespace experiments {

std::string surface_name(const traces::Surface& surface) {
  if (surface.path.empty()) return surface.device + "_" + surface.model;
  return std::filesystem::path(surface.path).stem().string();
}

nlohmann::json SweepPlan::identity() const {
  nlohmann::json names = nlohmann::json::array();
  for (const auto& s : surfaces) names.push_back(surface_name(*s));
  return {{"surfaces", names},
          {"optimizers", optimizers},
          {"scenarios", scenario_set_json(scenarios)},
          {"seeds", seeds},
          {"trials", trials},
          {"sweep_seed", sweep_seed},
          {"settle_s", device.settle_s},
          {"window_s", device.window_s},
          {"version", EDGETUNE_VERSION}};
}

std::vector<SweepRun> enumerate_runs(const SweepPlan& plan) {
  std::vector<SweepRun> runs;
  runs.reserve(plan.num_runs());
  for (std::size_t s = 0; s < plan.surfaces.size(); ++s) {
    const std::uint64_t surface_seed =
        core::derive_seed(plan.sweep_seed, core::hash_name(surface_name(*plan.surfaces[s])));
    for (std::size_t c = 0; c < plan.scenarios.scenarios.size(); ++c) {
      const std::uint64_t scenario_seed =
          core::derive_seed(surface_seed, core::hash_name(plan.scenarios.scenarios[c].name));
      for (std::size_t o = 0; o < plan.optimizers.size(); ++o) {
        for (int i = 0; i < plan.seeds; ++i) {
          SweepRun run;
          run.id = runs.size();
          run.surface = s;
          run.scenario = c;
          run.optimizer = o;
          run.seed_index = i;
          // The cell's key, not the optimizer's: every method of a cell
          // reads the same noise and draws its own stream from the same key
          // (common random numbers, DESIGN.md "Determinism").
          run.seed = core::derive_seed(scenario_seed, static_cast<std::uint64_t>(i));
          runs.push_back(run);
        }
      }
    }
  }
  return runs;
}

std::vector<std::string> knob_columns(const SweepPlan& plan) {
  std::vector<std::string> names;
  for (const auto& surface : plan.surfaces) {
    for (const core::Knob& knob : surface->space.knobs()) {
      if (std::find(names.begin(), names.end(), knob.name) == names.end()) {
        names.push_back(knob.name);
      }
    }
  }
  return names;
}

}  // namespace experiments
