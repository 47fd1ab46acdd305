#include "core/optimizers/list_search/list_search.h"

#include <algorithm>

namespace core {

void ListSearch::start(const ConfigSpace& space, const Goal& goal, const Budget&,
                       std::uint64_t seed) {
  space_ = &space;
  goal_ = goal;
  std::mt19937_64 rng(seed);
  const std::vector<Config> list = make_list_(space, goal, rng);
  queue_.assign(list.begin(), list.end());
  history_.reset(space);
}

std::optional<Config> ListSearch::propose() {
  while (!queue_.empty()) {
    Config next = queue_.front();
    queue_.pop_front();
    if (!history_.measured(next)) return next;
  }
  return std::nullopt;
}

void ListSearch::observe(const Measurement& result) {
  history_.add(result);
  if (result.available) return;
  const auto concurrency = space_->knob_index("concurrency");
  if (concurrency && result.config.level[*concurrency] > 0) {
    Config fewer = result.config;
    --fewer.level[*concurrency];
    queue_.push_front(fewer);
  }
}

std::optional<Config> ListSearch::recommend() const { return history_.best_feasible_config(goal_); }

std::vector<Config> all_configurations(const ConfigSpace& space) {
  std::vector<Config> list;
  list.reserve(space.size());
  for (std::size_t i = 0; i < space.size(); ++i) list.push_back(space.config(i));
  return list;
}

std::vector<Config> shuffled_configurations(const ConfigSpace& space, std::mt19937_64& rng) {
  std::vector<Config> list = all_configurations(space);
  std::shuffle(list.begin(), list.end(), rng);
  return list;
}

std::vector<Config> max_clock_configurations(const ConfigSpace& space) {
  const Config top = space.max_config();
  const auto concurrency = space.knob_index("concurrency");
  if (!concurrency) return {top};
  std::vector<Config> list;
  for (int level = top.level[*concurrency]; level >= 0; --level) {
    Config c = top;
    c.level[*concurrency] = level;
    list.push_back(c);
  }
  return list;
}

std::vector<Config> power_mode_configurations(const ConfigSpace& space,
                                              const std::vector<PowerMode>& modes) {
  std::vector<Config> list;
  for (const PowerMode& mode : modes) {
    Config c = space.max_config();
    for (std::size_t k = 0; k < space.num_knobs(); ++k) {
      const auto cap = mode.max_value.find(space.knob(k).name);
      if (cap == mode.max_value.end()) continue;
      const std::vector<double>& values = space.knob(k).values;
      // Highest value <= cap (tiny tolerance for caps written in other units' rounding).
      const auto above = std::upper_bound(values.begin(), values.end(), cap->second + 1e-6);
      c.level[k] = above == values.begin() ? 0 : static_cast<int>(above - values.begin()) - 1;
    }
    list.push_back(c);
  }
  return list;
}

}  // namespace core
