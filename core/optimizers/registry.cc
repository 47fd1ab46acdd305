#include "core/optimizers/registry.h"

#include <functional>

#include "core/errors.h"
#include "core/optimizers/bayesian_optimization/bayesian_optimization.h"
#include "core/optimizers/coral/coral.h"
#include "core/optimizers/dvfo/dvfo_tuner.h"
#include "core/optimizers/list_search/list_search.h"
#include "core/optimizers/maple_edge/maple_edge_tuner.h"
#include "core/optimizers/trained_models.h"

namespace core {
namespace {

// Makes the optimizer; `model` is what `train` made (null without `train`).
using Factory = std::function<std::unique_ptr<Optimizer>(
    const OptimizerContext& context, const std::shared_ptr<const TrainedModel>& model)>;

struct Entry {
  OptimizerInfo info;
  Factory make;
  // Offline training, for methods that learn from other surfaces first;
  // empty for online methods. Deterministic: a fixed seed per method.
  TrainFunction train = nullptr;
  // Reads back what the trained model's save() wrote; set with `train`.
  std::function<std::shared_ptr<const TrainedModel>(std::istream&)> load = nullptr;
};

// The load hook of a model type with a static load(std::istream&).
template <typename Model>
std::shared_ptr<const TrainedModel> load_model(std::istream& in) {
  return std::make_shared<const Model>(Model::load(in));
}

// A factory for an online method that takes no context.
template <typename Make>
Factory online(Make make) {
  return [make](const OptimizerContext&, const std::shared_ptr<const TrainedModel>&) {
    return make();
  };
}

// A factory for a method that measures a fixed list of configurations.
Factory list_of(ListSearch::ListMaker plan) {
  return online([plan] { return std::make_unique<ListSearch>(plan); });
}

// Add an optimizer here: its info line, a factory, and its training hook
// if it learns offline (core/optimizers/README.md).
const std::vector<Entry>& entries() {
  static const std::vector<Entry> table = {
      // Costs per trial (us) measured on the shipped surfaces (26,112
      // configurations, 30 trials, one core); coral-static later, as 0.101
      // of bo's time per trial on a faster day (41 against 407 us).
      {{"coral",
        "CORAL: online search steered by distance correlation (core/optimizers/coral/CORAL.md)",
        {66, 0}},
       online([] { return std::make_unique<Coral>(); })},
      {{"coral-uniform",
        "ablation: CORAL with a uniform random knob order instead of dCor",
        {59, 0}},
       online([] {
         Coral::Options options;
         options.uniform_ranking = true;
         return std::make_unique<Coral>(options);
       })},
      {{"coral-static",
        "ablation: CORAL without drift handling (no drift test; stops early when done)",
        {66, 0}},
       online([] {
         Coral::Options options;
         options.watch_drift = false;
         return std::make_unique<Coral>(options);
       })},
      {{"exhaustive",
        "measure every configuration once, in grid order (offline profiling)",
        {0, 1.4},
        false,
        true},
       list_of([](const ConfigSpace& s, const Goal&, std::mt19937_64&) {
         return all_configurations(s);
       })},
      {{"random", "uniform random search over configurations, seeded", {1, 0.14}},
       list_of([](const ConfigSpace& s, const Goal&, std::mt19937_64& rng) {
         return shuffled_configurations(s, rng);
       })},
      {{"bo",
        "Bayesian optimization: Matern-5/2 GPs, constrained expected improvement (Gardner 2014)",
        {655, 0}},
       online([] { return std::make_unique<BayesianOptimization>(); })},
      {{"dvfo",
        "DVFO-style deep RL (DQN over knob steps), pre-trained leave-one-surface-out",
        {4, 0}},
       [](const OptimizerContext&, const std::shared_ptr<const TrainedModel>& model) {
         return std::make_unique<DvfoTuner>(std::static_pointer_cast<const DvfoPolicy>(model));
       },
       [](const TrainingSurfaces& surfaces) {
         return std::make_shared<const DvfoPolicy>(
             train_dvfo(surfaces, DvfoTrainingOptions{}, kDvfoTrainingSeed));
       },
       load_model<DvfoPolicy>},
      {{"maple-edge",
        "MAPLE-Edge-style predictor trained on other surfaces, 10-shot device descriptor",
        {4, 0.28}},
       [](const OptimizerContext&, const std::shared_ptr<const TrainedModel>& model) {
         return std::make_unique<MapleEdgeTuner>(
             std::static_pointer_cast<const MapleEdgeModel>(model));
       },
       [](const TrainingSurfaces& surfaces) {
         return std::make_shared<const MapleEdgeModel>(
             train_maple_edge(surfaces, MapleEdgeTrainingOptions{}, kMapleEdgeTrainingSeed));
       },
       load_model<MapleEdgeModel>},
      {{"static-maxn",
        "max clocks and all cores at each concurrency level (what operators do)",
        {4, 0}},
       list_of([](const ConfigSpace& s, const Goal&, std::mt19937_64&) {
         return max_clock_configurations(s);
       })},
      {{"static-nvpmodel", "the board's nvpmodel power modes, each measured once", {5, 0}, true},
       [](const OptimizerContext& context, const std::shared_ptr<const TrainedModel>&) {
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

const Entry* find_entry(const std::string& name) {
  for (const Entry& e : entries()) {
    if (e.info.name == name) return &e;
  }
  return nullptr;
}

std::string names_where(const std::function<bool(const Entry&)>& keep) {
  std::string names;
  for (const Entry& e : entries()) {
    if (keep(e)) names += (names.empty() ? "" : ", ") + e.info.name;
  }
  return names;
}

// The entry of `name`, which must train offline.
const Entry& trainable_entry(const std::string& name) {
  const Entry* entry = find_entry(name);
  if (!entry || !entry->train) {
    throw InputError("'" + name + "' does not train offline; the optimizers that do: " +
                     names_where([](const Entry& e) { return static_cast<bool>(e.train); }));
  }
  return *entry;
}

}  // namespace

const std::vector<OptimizerInfo>& optimizer_catalog() {
  static const std::vector<OptimizerInfo> catalog = [] {
    std::vector<OptimizerInfo> infos;
    for (const Entry& e : entries()) {
      infos.push_back(e.info);
      infos.back().needs_training = static_cast<bool>(e.train);
    }
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

std::shared_ptr<const TrainedModel> trained_model(const std::string& name,
                                                  const OptimizerContext& context) {
  return cached_model(name, context.training_surfaces, trainable_entry(name).train);
}

std::shared_ptr<const TrainedModel> load_trained_model(const std::string& name, std::istream& in) {
  return trainable_entry(name).load(in);
}

void provide_trained_model(const std::string& name, const OptimizerContext& context,
                           std::shared_ptr<const TrainedModel> model) {
  trainable_entry(name);
  provide_model(name, context.training_surfaces, std::move(model));
}

std::unique_ptr<Optimizer> make_optimizer(const std::string& name,
                                          const OptimizerContext& context) {
  const Entry* entry = find_entry(name);
  if (!entry) {
    throw InputError("unknown optimizer '" + name +
                     "'; known optimizers: " + names_where([](const Entry&) { return true; }));
  }
  return entry->make(context, entry->train ? trained_model(name, context) : nullptr);
}

}  // namespace core
