#include "core/optimizers/trained_models.h"

#include <algorithm>
#include <future>
#include <map>
#include <mutex>
#include <string>

namespace core {
namespace {

// The training set's identity: its surfaces' names, sorted.
std::string key_of(const OptimizerContext& context) {
  std::vector<std::string> names;
  for (const auto& s : context.training_surfaces) names.push_back(s->name);
  std::sort(names.begin(), names.end());
  std::string key;
  for (const std::string& n : names) key += n + "\n";
  return key;
}

// Trains at most once per key; a caller asking for a model being trained
// waits for it, while other keys train in parallel.
template <typename Model, typename Train>
std::shared_ptr<const Model> memoized(const OptimizerContext& context, Train train) {
  using Future = std::shared_future<std::shared_ptr<const Model>>;
  static std::mutex mutex;
  static std::map<std::string, Future> cache;
  const std::string key = key_of(context);
  std::promise<std::shared_ptr<const Model>> promise;
  Future future;
  bool mine = false;
  {
    const std::lock_guard<std::mutex> lock(mutex);
    auto it = cache.find(key);
    if (it == cache.end()) {
      it = cache.emplace(key, promise.get_future().share()).first;
      mine = true;
    }
    future = it->second;
  }
  if (mine) {
    try {
      promise.set_value(std::make_shared<const Model>(train(context.training_surfaces)));
    } catch (...) {
      promise.set_exception(std::current_exception());
    }
  }
  return future.get();
}

}  // namespace

std::shared_ptr<const DvfoPolicy> shared_dvfo_policy(const OptimizerContext& context) {
  return memoized<DvfoPolicy>(context, [](const auto& surfaces) {
    return train_dvfo(surfaces, DvfoTrainingOptions{}, kDvfoTrainingSeed);
  });
}

std::shared_ptr<const MapleEdgeModel> shared_maple_edge_model(const OptimizerContext& context) {
  return memoized<MapleEdgeModel>(context, [](const auto& surfaces) {
    return train_maple_edge(surfaces, MapleEdgeTrainingOptions{}, kMapleEdgeTrainingSeed);
  });
}

}  // namespace core
