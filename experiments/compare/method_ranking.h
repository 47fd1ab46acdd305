// Three or more methods of one sweep ranked over its cells: the Friedman
// test with Nemenyi's critical difference (the CD diagram; Demšar 2006) and
// Dolan-Moré performance profiles.
#ifndef EDGETUNE_EXPERIMENTS_COMPARE_METHOD_RANKING_H_
#define EDGETUNE_EXPERIMENTS_COMPARE_METHOD_RANKING_H_

#include <string>
#include <vector>

#include "experiments/compare/sweep_runs.h"
#include "experiments/stats/rank_tests.h"

namespace experiments {

struct MethodRanking {
  std::vector<std::string> methods;  // the sweep's order
  FriedmanResult friedman;           // mean_ranks follow `methods`
  double alpha = 0.05;
  // Maximal runs of methods, in mean-rank order, whose mean ranks lie within
  // the critical difference: the bars of the CD diagram. Indices into
  // `methods`, best first.
  std::vector<std::vector<std::size_t>> groups;
  std::vector<std::vector<double>> cells;  // [cell][method]: the scores ranked
  std::vector<double> taus;
  std::vector<std::vector<double>> profiles;  // [method][tau]
};

// The taus the profile tables print; the plots use a fine grid.
std::vector<double> profile_table_taus();

// Throws core::InputError when the sweep has fewer than three methods or a
// method lacks a run in some cell.
MethodRanking rank_methods(const SweepRuns& sweep, double alpha, const std::vector<double>& taus);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_COMPARE_METHOD_RANKING_H_
