// The figures of a comparison: the critical-difference diagram of a ranking
// and the methods' performance profiles (gnuplot, PNG and SVG).
#ifndef EDGETUNE_EXPERIMENTS_REPORT_COMPARE_PLOTS_H_
#define EDGETUNE_EXPERIMENTS_REPORT_COMPARE_PLOTS_H_

#include <string>
#include <vector>

#include "experiments/compare/method_ranking.h"

namespace experiments {

// critical_difference.{gp,png,svg}: the methods on the mean-rank axis (1 =
// best, at the left), bars joining the groups whose mean ranks lie within
// Nemenyi's critical difference, and the CD itself as a scale bar.
std::vector<std::string> plot_critical_difference(const std::string& dir,
                                                  const MethodRanking& ranking);

// performance_profiles.{csv,gp,png,svg}: each method's share of the
// ranking's cells within a factor tau of the best, tau from 1 to 2 in steps
// of 0.005.
std::vector<std::string> plot_performance_profiles(const std::string& dir,
                                                   const MethodRanking& ranking);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_REPORT_COMPARE_PLOTS_H_
