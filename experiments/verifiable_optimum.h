// The best configuration a method that verifies its recommendation by
// repeated readings can hope to recommend: the oracle with each constraint
// tightened, point by point, by a multiple of that point's own measurement
// noise. Verifying with n readings at z standard errors needs a true slack
// of about z / sqrt(n) reading standard deviations, so `edgetune oracle
// --slack-sd z/sqrt(n)` is the ceiling of such a method's score, however
// well it searches (core/CORAL.md, "What can be verified at all").
#ifndef EDGETUNE_EXPERIMENTS_VERIFIABLE_OPTIMUM_H_
#define EDGETUNE_EXPERIMENTS_VERIFIABLE_OPTIMUM_H_

#include <vector>

#include "core/goal.h"
#include "core/oracle.h"
#include "traces/surface.h"

namespace experiments {

// Standard deviation of one reading at every grid point (flat index).
struct MeasurementNoise {
  std::vector<double> throughput_fps, power_w;
};

// From /metrics_std, else the spread of /repeats (two or more per point).
// Throws core::InputError naming the surface when it has neither.
MeasurementNoise measurement_noise(const traces::Surface& surface);

// The best configuration, by its noise-free values, whose noise-free
// power stays slack_sd of its power noise under the budget and whose
// throughput stays slack_sd of its throughput noise over the target
// (slack_sd >= 0; 0 is the plain oracle). Counts as core::exhaustive_optimum
// does, "feasible" meaning with that slack.
core::OracleResult verifiable_optimum(const traces::Surface& surface,
                                      const core::Goal& goal, double slack_sd);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_VERIFIABLE_OPTIMUM_H_
