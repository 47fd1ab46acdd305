// Optimizers that measure configurations from a list fixed at start() and
// recommend the best one that met the goal as measured: exhaustive search,
// random search and the static presets operators use today.
#ifndef EDGETUNE_CORE_OPTIMIZERS_LIST_SEARCH_LIST_SEARCH_H_
#define EDGETUNE_CORE_OPTIMIZERS_LIST_SEARCH_LIST_SEARCH_H_

#include <deque>
#include <functional>
#include <random>
#include <vector>

#include "core/optimizer.h"
#include "core/power_mode.h"
#include "core/trial_history.h"

namespace core {

class ListSearch : public Optimizer {
 public:
  // Builds the ordered list of configurations to measure.
  using ListMaker =
      std::function<std::vector<Config>(const ConfigSpace&, const Goal&, std::mt19937_64&)>;

  explicit ListSearch(ListMaker make_list) : make_list_(std::move(make_list)) {}

  void start(const ConfigSpace& space, const Goal& goal, const Budget& budget,
             std::uint64_t seed) override;
  // The next listed configuration, or nullopt when the list is done.
  std::optional<Config> propose() override;
  // An unavailable configuration with concurrency above 1 is retried with
  // one stream fewer (a board that runs out of memory), next.
  void observe(const Measurement& result) override;
  std::optional<Config> recommend() const override;

 private:
  ListMaker make_list_;
  const ConfigSpace* space_ = nullptr;
  Goal goal_;
  std::deque<Config> queue_;
  TrialHistory history_;
};

// Every configuration in flat-index order. Finding the true optimum this way
// takes space.size() trials (tens of thousands of board-minutes): the
// reason nobody profiles every model on every board.
std::vector<Config> all_configurations(const ConfigSpace& space);
// Every configuration in a uniformly random (seeded) order.
std::vector<Config> shuffled_configurations(const ConfigSpace& space, std::mt19937_64& rng);
// Max clocks and all cores, at each concurrency level from the highest down
// (just the max configuration when there is no `concurrency` knob).
std::vector<Config> max_clock_configurations(const ConfigSpace& space);
// One configuration per power mode: each capped knob at its highest value
// within the cap (its lowest value if the cap is below every value),
// uncapped knobs (and concurrency) at their highest. Mode order is kept.
std::vector<Config> power_mode_configurations(const ConfigSpace& space,
                                              const std::vector<PowerMode>& modes);

}  // namespace core

#endif  // EDGETUNE_CORE_OPTIMIZERS_LIST_SEARCH_LIST_SEARCH_H_
