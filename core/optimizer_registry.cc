#include "core/optimizer_registry.h"

#include <functional>

#include "core/coral.h"
#include "core/errors.h"

namespace core {
namespace {

using Factory =
    std::function<std::unique_ptr<Optimizer>(const OptimizerContext&)>;

struct Entry {
  OptimizerInfo info;
  Factory make;
};

// Add an optimizer here: its info line and a factory.
const std::vector<Entry>& entries() {
  static const std::vector<Entry> table = {
      {{"coral", "CORAL: online search steered by distance correlation (core/CORAL.md)"},
       [](const OptimizerContext&) { return std::make_unique<Coral>(); }},
      {{"coral-uniform", "ablation: CORAL with a uniform random knob order instead of dCor"},
       [](const OptimizerContext&) {
         Coral::Options options;
         options.uniform_ranking = true;
         return std::make_unique<Coral>(options);
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

std::unique_ptr<Optimizer> make_optimizer(const std::string& name,
                                          const OptimizerContext& context) {
  for (const Entry& e : entries()) {
    if (e.info.name == name) return e.make(context);
  }
  std::string known;
  for (const Entry& e : entries()) known += (known.empty() ? "" : ", ") + e.info.name;
  throw InputError("unknown optimizer '" + name + "'; known optimizers: " +
                   known);
}

}  // namespace core
