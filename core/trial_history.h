// What an optimizer has measured so far, pooled per configuration: repeated
// measurements of one configuration are averaged, which is how optimizers
// handle noise when they re-measure. Shared by every optimizer so that "the
// best configuration that met the goal as measured" means the same thing.
#ifndef EDGETUNE_CORE_TRIAL_HISTORY_H_
#define EDGETUNE_CORE_TRIAL_HISTORY_H_

#include <cstddef>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/config_space.h"
#include "core/goal.h"
#include "core/measurement.h"

namespace core {

class TrialHistory {
 public:
  struct Entry {
    Config config;
    std::size_t index = 0;  // flat index in the space
    int count = 0;          // measurements pooled
    bool available = true;  // false once any measurement was unavailable
    double mean_fps = 0.0;
    double mean_w = 0.0;
    double max_w = 0.0;    // worst (highest) measured power
    double min_fps = 0.0;  // worst (lowest) measured throughput
    // Sums of squared deviations from the means (Welford), for noise
    // estimates: sample variance = m2 / (count - 1).
    double m2_fps = 0.0;
    double m2_w = 0.0;
    // The first reading: usually the one that made an optimizer look again
    // (a good reading is selected for its luck), so the readings after it
    // are the unbiased check of it.
    double first_fps = 0.0;
    double first_w = 0.0;
  };

  void reset(const ConfigSpace& space);
  void add(const Measurement& m);

  const Entry* find(const Config& config) const;
  bool measured(const Config& config) const { return measured(space_->index(config)); }
  bool measured(std::size_t flat_index) const { return measured_[flat_index]; }
  // Entries in first-measured order.
  const std::vector<Entry>& entries() const { return entries_; }
  std::size_t num_trials() const { return num_trials_; }

  // Feasible as measured: every measurement of the configuration met the
  // constraints (worst power <= budget, worst fps >= target).
  static bool feasible(const Goal& goal, const Entry& e);
  // The best entry on the goal's objective (by mean) among those `keep`
  // accepts; nullptr when none is. Ties go to the first measured.
  template <typename Keep>
  const Entry* best(const Goal& goal, Keep keep) const {
    const Entry* found = nullptr;
    for (const Entry& e : entries_) {
      if (keep(e) && (!found || goal.better(e.mean_fps, e.mean_w, found->mean_fps, found->mean_w)))
        found = &e;
    }
    return found;
  }
  // The best among those feasible as measured.
  const Entry* best_feasible(const Goal& goal) const;
  // Its configuration, or nothing: what most optimizers recommend.
  std::optional<Config> best_feasible_config(const Goal& goal) const;

 private:
  const ConfigSpace* space_ = nullptr;
  std::vector<Entry> entries_;
  std::unordered_map<std::size_t, std::size_t> by_index_;  // flat -> entries_
  // One bit per configuration of the space: optimizers ask "measured?" of
  // hundreds of candidates per step, and a bit is cheaper than a hash lookup.
  std::vector<bool> measured_;
  std::size_t num_trials_ = 0;
};

}  // namespace core

#endif  // EDGETUNE_CORE_TRIAL_HISTORY_H_
