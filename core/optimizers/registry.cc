#include "core/optimizers/registry.h"

#include <functional>

#include "core/errors.h"
#include "core/optimizers/bayesian_optimization/bayesian_optimization.h"
#include "core/optimizers/coral/coral.h"
#include "core/optimizers/list_search/list_search.h"
#include "core/optimizers/trained_models.h"

namespace core {
namespace {

using Factory = std::function<std::unique_ptr<Optimizer>(const OptimizerContext&)>;

struct Entry {
  OptimizerInfo info;
  Factory make;
};

// Add an optimizer here: its info line and a factory.
const std::vector<Entry>& entries() {
  static const std::vector<Entry> table = {
      {{"coral",
        "CORAL: online search steered by distance correlation (core/optimizers/coral/CORAL.md)"},
       [](const OptimizerContext&) { return std::make_unique<Coral>(); }},
      {{"coral-uniform", "ablation: CORAL with a uniform random knob order instead of dCor"},
       [](const OptimizerContext&) {
         Coral::Options options;
         options.uniform_ranking = true;
         return std::make_unique<Coral>(options);
       }},
      {{"exhaustive", "measure every configuration once, in grid order (offline profiling)", false,
        false, true},
       [](const OptimizerContext&) {
         return std::make_unique<ListSearch>(
             [](const ConfigSpace& s, const Goal&, std::mt19937_64&) {
               return all_configurations(s);
             });
       }},
      {{"random", "uniform random search over configurations, seeded"},
       [](const OptimizerContext&) {
         return std::make_unique<ListSearch>(
             [](const ConfigSpace& s, const Goal&, std::mt19937_64& rng) {
               return shuffled_configurations(s, rng);
             });
       }},
      {{"bo",
        "Bayesian optimization: Matern-5/2 GPs, constrained expected improvement (Gardner 2014)"},
       [](const OptimizerContext&) { return std::make_unique<BayesianOptimization>(); }},
      {{"dvfo", "DVFO-style deep RL (DQN over knob steps), pre-trained leave-one-surface-out",
        true},
       [](const OptimizerContext& context) {
         return std::make_unique<DvfoTuner>(shared_dvfo_policy(context));
       }},
      {{"maple-edge",
        "MAPLE-Edge-style predictor trained on other surfaces, 10-shot device descriptor", true},
       [](const OptimizerContext& context) {
         return std::make_unique<MapleEdgeTuner>(shared_maple_edge_model(context));
       }},
      {{"static-maxn", "max clocks and all cores at each concurrency level (what operators do)"},
       [](const OptimizerContext&) {
         return std::make_unique<ListSearch>(
             [](const ConfigSpace& s, const Goal&, std::mt19937_64&) {
               return max_clock_configurations(s);
             });
       }},
      {{"static-nvpmodel", "the board's nvpmodel power modes, each measured once", false, true},
       [](const OptimizerContext& context) {
         if (context.power_modes.empty()) {
           throw InputError(
               "static-nvpmodel needs the board's power modes: add a \"power_modes\" list to its "
               "device profile (sim/profiles/devices/*.json)");
         }
         const std::vector<PowerMode> modes = context.power_modes;
         return std::make_unique<ListSearch>(
             [modes](const ConfigSpace& s, const Goal&, std::mt19937_64&) {
               return power_mode_configurations(s, modes);
             });
       }},
  };
  return table;
}

}  // namespace

const std::vector<OptimizerInfo>& optimizer_catalog() {
  static const std::vector<OptimizerInfo> catalog = [] {
    std::vector<OptimizerInfo> infos;
    for (const Entry& e : entries()) infos.push_back(e.info);
    return infos;
  }();
  return catalog;
}

const OptimizerInfo* find_optimizer_info(const std::string& name) {
  for (const OptimizerInfo& info : optimizer_catalog()) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

std::unique_ptr<Optimizer> make_optimizer(const std::string& name,
                                          const OptimizerContext& context) {
  for (const Entry& e : entries()) {
    if (e.info.name == name) return e.make(context);
  }
  std::string known;
  for (const Entry& e : entries()) known += (known.empty() ? "" : ", ") + e.info.name;
  throw InputError("unknown optimizer '" + name + "'; known optimizers: " + known);
}

}  // namespace core
