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

}  // namespace

std::shared_ptr<const TrainedModel> cached_model(const std::string& method,
                                                 const TrainingSurfaces& surfaces,
                                                 const TrainFunction& train) {
  using Future = std::shared_future<std::shared_ptr<const TrainedModel>>;
  static std::mutex mutex;
  static std::map<std::string, Future> cache;
  const std::string key = key_of(method, surfaces);
  std::promise<std::shared_ptr<const TrainedModel>> promise;
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
      promise.set_value(train(surfaces));
    } catch (...) {
      promise.set_exception(std::current_exception());
    }
  }
  return future.get();
}

}  // namespace core
