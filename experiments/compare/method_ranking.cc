#include "experiments/compare/method_ranking.h"

#include <algorithm>
#include <map>
#include <numeric>

#include "core/errors.h"
#include "experiments/stats/performance_profile.h"

namespace experiments {

std::vector<double> profile_table_taus() { return {1.0, 1.01, 1.02, 1.05, 1.1, 1.25, 1.5, 2.0}; }

MethodRanking rank_methods(const SweepRuns& sweep, double alpha, const std::vector<double>& taus) {
  MethodRanking ranking;
  ranking.methods = sweep.optimizers;
  ranking.alpha = alpha;
  ranking.taus = taus;
  const std::size_t k = ranking.methods.size();
  if (k < 3) {
    throw core::InputError(sweep.label + ": ranking needs three or more methods; it has " +
                           std::to_string(k));
  }
  std::map<std::string, std::vector<double>> scores_of_cell;
  for (const RunRecord& run : sweep.runs) {
    auto& cell = scores_of_cell[run.cell];
    cell.resize(k, -1.0);
    const std::size_t m = static_cast<std::size_t>(
        std::find(ranking.methods.begin(), ranking.methods.end(), run.optimizer) -
        ranking.methods.begin());
    cell[m] = run.score;
  }
  std::vector<std::vector<double>> blocks;
  for (const auto& [cell, scores] : scores_of_cell) {
    for (std::size_t m = 0; m < k; ++m) {
      if (scores[m] < 0) {
        throw core::InputError(sweep.label + ": " + ranking.methods[m] + " has no run in cell " +
                               cell + "; finish the sweep (rerun its command) first");
      }
    }
    blocks.push_back(scores);
  }
  ranking.friedman = friedman_test(blocks, alpha);
  ranking.profiles = performance_profiles(blocks, taus);
  ranking.cells = std::move(blocks);
  std::vector<std::size_t> order(k);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return ranking.friedman.mean_ranks[a] < ranking.friedman.mean_ranks[b];
  });
  // From each method, the longest run of later ones within the CD; keep
  // runs not contained in an earlier one.
  std::size_t covered_to = 0;
  for (std::size_t i = 0; i < k; ++i) {
    std::size_t j = i;
    while (j + 1 < k &&
           ranking.friedman.mean_ranks[order[j + 1]] - ranking.friedman.mean_ranks[order[i]] <
               ranking.friedman.critical_difference)
      ++j;
    if (j > i && j + 1 > covered_to) {
      ranking.groups.emplace_back(order.begin() + static_cast<long>(i),
                                  order.begin() + static_cast<long>(j) + 1);
      covered_to = j + 1;
    }
  }
  return ranking;
}

}  // namespace experiments
