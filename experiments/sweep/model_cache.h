// A content-addressed cache of offline-trained models (dvfo, maple-edge) in
// the user's cache directory, so a rerun of a sweep trains nothing. The key
// is a hash of what a model is a function of: the method, the surfaces it
// learns from (their contents, not their names), the board's power modes,
// and the build (version, commit and the executable's size and time, so a
// rebuilt binary never reads a model an older one trained). Entries are
// weights files (weights_file.h), written atomically; two sweeps filling
// the cache at once at worst both train a model. The cache is bounded: past
// its size the least recently used entries are removed.
#ifndef EDGETUNE_EXPERIMENTS_SWEEP_MODEL_CACHE_H_
#define EDGETUNE_EXPERIMENTS_SWEEP_MODEL_CACHE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/optimizers/context.h"
#include "core/optimizers/trained_model.h"
#include "traces/surface.h"

namespace experiments {

class ModelCache {
 public:
  // 512 MB unless EDGETUNE_MODEL_CACHE_MB says otherwise.
  static constexpr std::uint64_t kDefaultMaxBytes = 512ull << 20;

  // $XDG_CACHE_HOME/edgetune/models, else $HOME/.cache/edgetune/models;
  // none when neither variable is set.
  static std::optional<ModelCache> user_cache();

  ModelCache(std::string dir, std::uint64_t max_bytes);

  const std::string& dir() const { return dir_; }

  // The entry's file for `optimizer` trained with `context`.
  std::string path(const std::string& optimizer, const core::OptimizerContext& context) const;

  // The cached model, or null when there is none. A damaged entry is
  // removed and counts as none. A hit refreshes the entry's time (LRU).
  std::shared_ptr<const core::TrainedModel> find(const std::string& optimizer,
                                                 const core::OptimizerContext& context) const;

  // Stores `model`, then evicts the least recently used entries past the
  // bound. Throws core::InputError when the directory cannot be written.
  void store(const std::string& optimizer, const traces::Surface& target,
             const core::OptimizerContext& context, const core::TrainedModel& model) const;

 private:
  void evict() const;

  std::string dir_;
  std::uint64_t max_bytes_;
};

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_SWEEP_MODEL_CACHE_H_
