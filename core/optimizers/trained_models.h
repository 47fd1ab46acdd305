// The offline-trained methods' models, trained once per (method, training
// set) and shared: a sweep runs dvfo and maple-edge hundreds of times per
// held-out surface but trains each only once. Training is deterministic (a
// fixed seed per method), so the cache never changes a result. Thread-safe.
// The registry is the only caller; everyone else asks it
// (registry.h: trained_model).
#ifndef EDGETUNE_CORE_OPTIMIZERS_TRAINED_MODELS_H_
#define EDGETUNE_CORE_OPTIMIZERS_TRAINED_MODELS_H_

#include <functional>
#include <memory>
#include <string>

#include "core/optimizers/context.h"
#include "core/optimizers/trained_model.h"

namespace core {

using TrainFunction =
    std::function<std::shared_ptr<const TrainedModel>(const TrainingSurfaces& surfaces)>;

// `method`'s model trained by `train` on `surfaces`, trained at most once
// per (method, set of surface names, in any order); a caller asking for a
// model being trained waits for it, while others train in parallel. A
// training failure is rethrown to every caller.
std::shared_ptr<const TrainedModel> cached_model(const std::string& method,
                                                 const TrainingSurfaces& surfaces,
                                                 const TrainFunction& train);

// Makes `model` the one cached_model() returns for (method, surfaces): a
// model trained elsewhere and read from a file. Returns false, changing
// nothing, when that model is already cached.
bool provide_model(const std::string& method, const TrainingSurfaces& surfaces,
                   std::shared_ptr<const TrainedModel> model);

}  // namespace core

#endif  // EDGETUNE_CORE_OPTIMIZERS_TRAINED_MODELS_H_
