#include "core/optimizers/coral/knob_priority.h"

#include <algorithm>
#include <numeric>

namespace core {

void KnobPriority::start(const ConfigSpace& space) {
  influence_.assign(space.num_knobs(), KnobInfluence{});
}

void DcorPriority::update(const ConfigSpace& space, const TrialHistory& history, std::mt19937_64&) {
  influence_ = rank_knobs(space, history);
}

std::vector<int> DcorPriority::order(const std::function<double(int)>& key) const {
  std::vector<int> order(influence_.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return key(a) > key(b); });
  return order;
}

std::vector<double> DcorPriority::relevance(double KnobInfluence::*dcor) const {
  std::vector<double> out;
  for (const KnobInfluence& k : influence_) out.push_back(k.*dcor);
  return out;
}

void UniformPriority::start(const ConfigSpace& space) {
  KnobPriority::start(space);
  order_.resize(space.num_knobs());
  std::iota(order_.begin(), order_.end(), 0);
}

void UniformPriority::update(const ConfigSpace&, const TrialHistory&, std::mt19937_64& rng) {
  std::shuffle(order_.begin(), order_.end(), rng);
}

std::vector<int> UniformPriority::order(const std::function<double(int)>&) const { return order_; }

std::vector<double> UniformPriority::relevance(double KnobInfluence::*) const {
  return std::vector<double>(influence_.size(), 1.0);
}

}  // namespace core
