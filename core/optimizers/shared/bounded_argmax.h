// The argmax of an expensive score over many candidates, computing the
// score only where a cheap upper bound of it says the candidate could win
// (branch and bound with a single level). CORAL ranks ~400 candidates per
// step, and an exact score needs a triangular solve per candidate; the
// bound (core/optimizers/shared/acquisition.h) rules out most of them.
#ifndef EDGETUNE_CORE_OPTIMIZERS_SHARED_BOUNDED_ARGMAX_H_
#define EDGETUNE_CORE_OPTIMIZERS_SHARED_BOUNDED_ARGMAX_H_

#include <Eigen/Core>
#include <algorithm>
#include <utility>
#include <vector>

namespace core {

// The candidate with the highest score and that score (the lowest index
// among equal scores; index -1 when every score is 0), given an upper bound
// of each candidate's score as (bound, index) pairs and `exact`, which
// scores a batch of candidates (a vector of indices in, one score each
// out). Candidates are scored in order of their bound, a batch at a time,
// until no bound left can beat the best score: the answer is the one
// scoring every candidate would give, provided every bound is >= its score.
template <typename Exact>
std::pair<Eigen::Index, double> bounded_argmax(
    std::vector<std::pair<double, Eigen::Index>> by_bound, Exact exact) {
  auto lower = [](const auto& a, const auto& b) {
    return a.first < b.first || (a.first == b.first && a.second > b.second);
  };
  double best_score = 0.0;
  Eigen::Index best_index = -1;
  if (by_bound.empty()) return {best_index, best_score};
  // Score the candidate with the highest bound first: most others cannot
  // beat it and never enter the heap.
  const auto top = std::max_element(by_bound.begin(), by_bound.end(), lower);
  if (top->first > 0.0) {
    best_score = exact(std::vector<Eigen::Index>{top->second}).front();
    if (best_score > 0.0) best_index = top->second;
  }
  by_bound.erase(top);
  by_bound.erase(std::remove_if(by_bound.begin(), by_bound.end(),
                                [&](const auto& b) { return b.first < best_score; }),
                 by_bound.end());
  // A heap, not a sort: usually only a few candidates leave it.
  std::make_heap(by_bound.begin(), by_bound.end(), lower);
  constexpr std::size_t kBatch = 16;
  while (!by_bound.empty() && by_bound.front().first >= best_score &&
         by_bound.front().first > 0.0) {
    std::vector<Eigen::Index> batch;
    while (!by_bound.empty() && batch.size() < kBatch) {
      std::pop_heap(by_bound.begin(), by_bound.end(), lower);
      batch.push_back(by_bound.back().second);
      by_bound.pop_back();
    }
    const std::vector<double> scores = exact(batch);
    for (std::size_t b = 0; b < batch.size(); ++b) {
      const Eigen::Index i = batch[b];
      if (scores[b] > best_score ||
          (scores[b] == best_score && scores[b] > 0.0 && i < best_index)) {
        best_score = scores[b];
        best_index = i;
      }
    }
  }
  return {best_index, best_score};
}

}  // namespace core

#endif  // EDGETUNE_CORE_OPTIMIZERS_SHARED_BOUNDED_ARGMAX_H_
