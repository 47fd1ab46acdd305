// Kendall's rank correlation between two rankings of the same items, as a
// surrogate benchmark reports how faithfully it ranks methods (Pfisterer et
// al. 2022, YAHPO Gym): tau-b, which corrects for ties in either ranking
// (Kendall 1945), as scipy.stats.kendalltau computes by default.
#ifndef EDGETUNE_EXPERIMENTS_STATS_RANK_CORRELATION_H_
#define EDGETUNE_EXPERIMENTS_STATS_RANK_CORRELATION_H_

#include <vector>

namespace experiments {

// tau-b of (x[i], y[i]); NaN when either ranking is constant or there are
// fewer than two items. Throws core::InputError when the sizes differ or a
// value is NaN. O(n^2): for the handful of methods a study compares.
double kendall_tau_b(const std::vector<double>& x, const std::vector<double>& y);

// The largest tau-b any ranking without ties can reach against `y`:
// sqrt(1 - tied pairs of y / pairs). 1 when y has no ties; NaN for fewer
// than two items or a constant y.
double kendall_tau_b_ceiling(const std::vector<double>& y);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_STATS_RANK_CORRELATION_H_
