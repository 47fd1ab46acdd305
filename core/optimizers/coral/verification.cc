#include "core/optimizers/coral/verification.h"

#include <cmath>

namespace core {
namespace {

bool beats(const Goal& goal, const TrialHistory::Entry& e, const TrialHistory::Entry* other) {
  return !other || goal.better(e.mean_fps, e.mean_w, other->mean_fps, other->mean_w);
}

}  // namespace

Verification::Verification(const Goal& goal, const VerificationOptions& options,
                           const NoiseEstimate& noise)
    : goal_(goal), options_(options), noise_(noise) {}

bool Verification::meets_with_margin(const Readings& r, double z, double noise_fps,
                                     double noise_w) const {
  const double errors = z / std::sqrt(static_cast<double>(r.count));
  if (goal_.power_budget_w && r.mean_w * (1.0 + errors * noise_w) > *goal_.power_budget_w)
    return false;
  if (goal_.throughput_target_fps &&
      r.mean_fps * (1.0 - errors * noise_fps) < *goal_.throughput_target_fps)
    return false;
  return true;
}

// Its mean keeps confidence_z standard errors from each constraint with the
// prior-weighted noise. On a quiet board that prior would hide every
// configuration near a constraint for the whole run, so where
// `t_test_allowed` it may instead pass a one-sided Student t test at the
// same level on the noise observed alone (t quantile at the observed
// degrees of freedom: a small sample that happens to look quiet pays for
// its size).
bool Verification::keeps_margin(const Readings& r, bool t_test_allowed) const {
  if (meets_with_margin(r, options_.confidence_z, noise_.fps(), noise_.w())) return true;
  return t_test_allowed && noise_.observed() &&
         meets_with_margin(r, noise_.observed_t(), noise_.observed_fps(), noise_.observed_w());
}

bool Verification::mean_keeps_margin(double mean_fps, double mean_w, int count) const {
  return keeps_margin({mean_fps, mean_w, count}, count >= options_.verify_measurements);
}

// The t test once measured verify_measurements times, or at once when
// readings are exact: its margin is then zero.
bool Verification::trusted(const TrialHistory::Entry& e) const {
  return TrialHistory::feasible(goal_, e) &&
         keeps_margin({e.mean_fps, e.mean_w, e.count},
                      e.count >= options_.verify_measurements || noise_.exact());
}

// The first reading biases the mean: three readings of a configuration
// whose truth sits on the budget, the first 2 standard deviations lucky,
// keep 2 standard errors one time in 7 instead of one in 44. The readings
// that confirm it were not selected.
bool Verification::confirmed(const TrialHistory::Entry& e) const {
  if (e.count < 2) return true;
  const int later = e.count - 1;
  const Readings after_first{(e.mean_fps * e.count - e.first_fps) / later,
                             (e.mean_w * e.count - e.first_w) / later, later};
  return keeps_margin(after_first, true);
}

// Until re-measurements have observed the noise it is prior_noise, a guess
// about a board that may be noisier: a configuration picked as the best of
// many single readings under it is the one whose luck the guess underrates
// most. (The observed-noise test of trusted() needs verify_measurements
// anyway.)
bool Verification::recommendable(const TrialHistory::Entry& e) const {
  if (!trusted(e) || !confirmed(e)) return false;
  if (e.count >= options_.verify_measurements || noise_.exact()) return true;
  return noise_.observed() && meets_with_margin({e.mean_fps, e.mean_w, e.count},
                                                options_.recommend_z, noise_.fps(), noise_.w());
}

const TrialHistory::Entry* Verification::best_trusted(const TrialHistory& history) const {
  return history.best(goal_, [&](const TrialHistory::Entry& e) { return trusted(e); });
}

const TrialHistory::Entry* Verification::best_recommendable(const TrialHistory& history) const {
  return history.best(goal_, [&](const TrialHistory::Entry& e) { return recommendable(e); });
}

const TrialHistory::Entry* Verification::untrusted_contender(
    const TrialHistory& history, const TrialHistory::Entry* incumbent) const {
  return history.best(goal_, [&](const TrialHistory::Entry& e) {
    return TrialHistory::feasible(goal_, e) && !trusted(e) && e.count < options_.max_measurements &&
           beats(goal_, e, incumbent);
  });
}

// On a small grid the search runs out of moves with most trials left, and
// the optimum often sits within three readings' margin of a constraint.
const TrialHistory::Entry* Verification::unrecommended_contender(
    const TrialHistory& history, const TrialHistory::Entry* recommended) const {
  return history.best(goal_, [&](const TrialHistory::Entry& e) {
    return TrialHistory::feasible(goal_, e) && !recommendable(e) && beats(goal_, e, recommended);
  });
}

}  // namespace core
