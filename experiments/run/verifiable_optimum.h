// The best configuration a method that verifies its recommendation by
// repeated readings can count on: the oracle with each constraint
// tightened, point by point, by a multiple of that point's own measurement
// noise. Verifying with n readings at z standard errors needs a true slack
// of about z / sqrt(n) reading standard deviations, so `edgetune oracle
// --slack-sd z/sqrt(n)` is what such a method can rely on finding, however
// well it searches; a lucky reading may still pass a configuration with
// less slack (core/optimizers/coral/CORAL.md, "What can be verified at all").
#ifndef EDGETUNE_EXPERIMENTS_RUN_VERIFIABLE_OPTIMUM_H_
#define EDGETUNE_EXPERIMENTS_RUN_VERIFIABLE_OPTIMUM_H_

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "core/goal.h"
#include "core/oracle.h"
#include "experiments/run/run_one.h"
#include "traces/surface.h"

namespace experiments {

// Standard deviation of one reading of `metric` ("throughput", "power") at
// every grid point (flat index): /metrics_std, the noise the file states,
// else the spread of /repeats (two or more per point; NaN where fewer are
// numbers). A replay draws from /repeats when it has them, so with both
// the two can differ. Throws core::InputError naming the surface when it
// has neither.
std::vector<double> measurement_noise(const traces::Surface& surface, const std::string& metric);

// The best configuration, by its noise-free values, whose noise-free
// power stays slack_sd of its power noise under the budget and whose
// throughput stays slack_sd of its throughput noise over the target
// (slack_sd >= 0: 0, or a goal without constraints, is the plain oracle,
// and only a constrained metric needs its noise recorded; a point whose
// noise is NaN cannot be verified). Counts as core::exhaustive_optimum
// does, "feasible" meaning with that slack.
core::OracleResult verifiable_optimum(const traces::Surface& surface, const core::Goal& goal,
                                      double slack_sd);

// Throws core::InputError, naming the option `what`, when slack_sd is
// negative or not finite.
void check_slack_sd(double slack_sd, const std::string& what);

// What `edgetune oracle` reports: the plain oracle run and sweep score
// against (surface_oracle) when slack_sd is 0, else verifiable_optimum()
// (slack_sd checked by check_slack_sd).
core::OracleResult oracle_with_slack(const traces::Surface& surface, const core::Goal& goal,
                                     double slack_sd);

// The `edgetune oracle --json` object: `oracle` and, under "denoised",
// the denoised reference of `reference` (run_one.h).
nlohmann::json oracle_json(const traces::Surface& surface, const core::Goal& goal, double slack_sd,
                           const core::OracleResult& oracle, const Reference& reference);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_RUN_VERIFIABLE_OPTIMUM_H_
