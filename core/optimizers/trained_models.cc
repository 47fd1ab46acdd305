#include "core/optimizers/trained_models.h"

#include <algorithm>
#include <future>
#include <map>
#include <mutex>
#include <vector>

namespace core {
namespace {

// The model's identity: the method and its surfaces' names, sorted.
std::string key_of(const std::string& method, const TrainingSurfaces& surfaces) {
  std::vector<std::string> names;
  for (const auto& s : surfaces) names.push_back(s->name);
  std::sort(names.begin(), names.end());
  std::string key = method + "\n";
  for (const std::string& n : names) key += n + "\n";
  return key;
}

using Future = std::shared_future<std::shared_ptr<const TrainedModel>>;

std::mutex cache_mutex;
std::map<std::string, Future> cache;  // by key_of(), guarded by cache_mutex

}  // namespace

std::shared_ptr<const TrainedModel> cached_model(const std::string& method,
                                                 const TrainingSurfaces& surfaces,
                                                 const TrainFunction& train) {
  const std::string key = key_of(method, surfaces);
  std::promise<std::shared_ptr<const TrainedModel>> promise;
  Future future;
  bool mine = false;
  {
    const std::lock_guard<std::mutex> lock(cache_mutex);
    auto it = cache.find(key);
    if (it == cache.end()) {
      it = cache.emplace(key, promise.get_future().share()).first;
      mine = true;
    }
    future = it->second;
  }
  if (mine) {
    try {
      promise.set_value(train(surfaces));
    } catch (...) {
      promise.set_exception(std::current_exception());
    }
  }
  return future.get();
}

bool provide_model(const std::string& method, const TrainingSurfaces& surfaces,
                   std::shared_ptr<const TrainedModel> model) {
  std::promise<std::shared_ptr<const TrainedModel>> ready;
  ready.set_value(std::move(model));
  const std::lock_guard<std::mutex> lock(cache_mutex);
  return cache.emplace(key_of(method, surfaces), ready.get_future().share()).second;
}

}  // namespace core
