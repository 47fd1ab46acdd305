// The pieces of model-guided acquisition shared by CORAL and Bayesian
// optimization: the standard normal, expected improvement, and a
// Latin-hypercube start over knob levels.
#ifndef EDGETUNE_CORE_OPTIMIZERS_SHARED_ACQUISITION_H_
#define EDGETUNE_CORE_OPTIMIZERS_SHARED_ACQUISITION_H_

#include <optional>
#include <random>
#include <vector>

#include "core/config_space.h"
#include "core/goal.h"

namespace core {

double normal_cdf(double z);
double normal_pdf(double z);

// Expected improvement of N(mean, sd) over `best`, larger is better (Jones,
// Schonlau & Welch 1998): (mean - best) Phi(z) + sd phi(z), z = (mean -
// best) / sd.
double expected_improvement(double mean, double sd, double best);

// A goal as the acquisition scores predictions against it: the objective,
// and the constraints in log space, their logarithms taken once rather
// than for every candidate.
struct LogGoal {
  explicit LogGoal(const Goal& goal);
  Objective objective;
  std::optional<double> log_budget_w, log_target_fps;
};

// Predictions of log throughput and log power at one configuration.
struct LogPrediction {
  double fps_mean, fps_sd, w_mean, w_sd;
};

// Probability that `p` meets each of the goal's constraints (independent
// normals in log space): P(W <= budget) * P(fps >= target).
double probability_feasible(const LogGoal& goal, const LogPrediction& p);

// An upper bound of probability_feasible at p's means over every standard
// deviation up to p's: a constraint the mean meets counts 1 (its
// probability only falls as the deviation grows), one it misses counts at
// p's deviation (the largest). Cheap: the normal CDF is read from a table,
// rounded up.
double probability_feasible_bound(const LogGoal& goal, const LogPrediction& p);

// The log-space objective of a measured (fps, W) under `goal` (larger is
// better): log fps, -log W, or log fps - log W.
double log_objective(const Goal& goal, double fps, double w);

// Expected improvement of the goal's log objective at `p` over
// `incumbent` (a log_objective value).
double objective_improvement(const LogGoal& goal, const LogPrediction& p, double incumbent);
// An upper bound of objective_improvement, cheap (a table lookup, rounded
// up, instead of erfc and exp): expected improvement is sd h(z) with h
// increasing.
double objective_improvement_bound(const LogGoal& goal, const LogPrediction& p, double incumbent);

// `points` distinct configurations from a Latin hypercube over the knobs'
// levels (each knob's range cut into `points` strata, each stratum used
// once); fewer when strata collide on a small knob.
std::vector<Config> latin_hypercube(const ConfigSpace& space, int points, std::mt19937_64& rng);

}  // namespace core

#endif  // EDGETUNE_CORE_OPTIMIZERS_SHARED_ACQUISITION_H_
