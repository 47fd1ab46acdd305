// The offline-trained baselines' models, trained once per training set and
// shared: a sweep runs dvfo and maple-edge hundreds of times per held-out
// surface but trains each only once. Training is deterministic (a fixed
// seed per method), so the cache never changes a result. Thread-safe.
#ifndef EDGETUNE_CORE_OPTIMIZERS_TRAINED_MODELS_H_
#define EDGETUNE_CORE_OPTIMIZERS_TRAINED_MODELS_H_

#include <memory>

#include "core/optimizers/dvfo/dvfo_tuner.h"
#include "core/optimizers/maple_edge/maple_edge_tuner.h"
#include "core/optimizers/registry.h"

namespace core {

// Trained on context.training_surfaces (throws InputError when empty).
std::shared_ptr<const DvfoPolicy> shared_dvfo_policy(const OptimizerContext& context);
std::shared_ptr<const MapleEdgeModel> shared_maple_edge_model(const OptimizerContext& context);

// The seeds training uses, so `edgetune train` reproduces the cached models.
constexpr std::uint64_t kDvfoTrainingSeed = 2306'01811;
constexpr std::uint64_t kMapleEdgeTrainingSeed = 2022'0617;

}  // namespace core

#endif  // EDGETUNE_CORE_OPTIMIZERS_TRAINED_MODELS_H_
