#include "core/trial_history.h"

#include <algorithm>

namespace core {

void TrialHistory::reset(const ConfigSpace& space) {
  space_ = &space;
  entries_.clear();
  by_index_.clear();
  measured_.assign(space.size(), false);
  num_trials_ = 0;
}

void TrialHistory::add(const Measurement& m) {
  ++num_trials_;
  const std::size_t index = space_->index(m.config);
  auto [it, inserted] = by_index_.emplace(index, entries_.size());
  measured_[index] = true;
  if (inserted) {
    Entry e;
    e.config = m.config;
    e.index = index;
    entries_.push_back(e);
  }
  Entry& e = entries_[it->second];
  if (!m.available || m.power_cap_tripped) {
    e.available = false;  // count stays the number of metrics pooled
    return;
  }
  const int n = e.count + 1;
  const double d_fps = m.throughput_fps - e.mean_fps, d_w = m.power_w - e.mean_w;
  e.mean_fps += d_fps / n;
  e.mean_w += d_w / n;
  e.m2_fps += d_fps * (m.throughput_fps - e.mean_fps);
  e.m2_w += d_w * (m.power_w - e.mean_w);
  e.max_w = e.count == 0 ? m.power_w : std::max(e.max_w, m.power_w);
  e.min_fps = e.count == 0 ? m.throughput_fps : std::min(e.min_fps, m.throughput_fps);
  if (e.count == 0) {
    e.first_fps = m.throughput_fps;
    e.first_w = m.power_w;
  }
  e.count = n;
}

const TrialHistory::Entry* TrialHistory::find(const Config& config) const {
  auto it = by_index_.find(space_->index(config));
  return it == by_index_.end() ? nullptr : &entries_[it->second];
}

bool TrialHistory::feasible(const Goal& goal, const Entry& e) {
  return e.available && e.count > 0 && goal.feasible(e.min_fps, e.max_w);
}

const TrialHistory::Entry* TrialHistory::best_feasible(const Goal& goal) const {
  return best(goal, [&](const Entry& e) { return feasible(goal, e); });
}

std::optional<Config> TrialHistory::best_feasible_config(const Goal& goal) const {
  const Entry* best = best_feasible(goal);
  if (!best) return std::nullopt;
  return best->config;
}

}  // namespace core
