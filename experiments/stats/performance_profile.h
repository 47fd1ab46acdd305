// Performance profiles (Dolan & Moré 2002, Math. Program. 91:201-213): for
// each method, the share of cells where it is within a factor tau of the
// best method of that cell. Scores are "larger is better" (a share of the
// oracle), so a method's ratio in a cell is best score / its score, and a
// score of 0 (infeasible, none) never comes within any factor.
#ifndef EDGETUNE_EXPERIMENTS_STATS_PERFORMANCE_PROFILE_H_
#define EDGETUNE_EXPERIMENTS_STATS_PERFORMANCE_PROFILE_H_

#include <vector>

namespace experiments {

// rho[m][t]: the share of `cells` (rows: one score per method) where method
// m's ratio is <= taus[t]. Cells where no method scores above 0 count
// against every method.
std::vector<std::vector<double>> performance_profiles(const std::vector<std::vector<double>>& cells,
                                                      const std::vector<double>& taus);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_STATS_PERFORMANCE_PROFILE_H_
