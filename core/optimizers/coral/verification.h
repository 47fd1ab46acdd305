// CORAL's rules for when a measured configuration may be believed, and
// which one to measure again. A configuration near a constraint that met
// the goal once may have been lucky; CORAL deploys only what keeps a margin
// of its measurement noise (noise_estimate.h).
//
//  - trusted: met the goal in every reading, and its mean keeps
//    confidence_z standard errors from each constraint (prior-weighted
//    noise), or, once measured verify_measurements times (at once when
//    readings are exact), passes a one-sided t test on the observed noise;
//  - confirmed: the readings after its first keep that margin on their own
//    (the first is the one that made it a contender, selected for its luck);
//  - recommendable: trusted, confirmed, and measured verify_measurements
//    times or keeping recommend_z standard errors of a noise level that
//    re-measurements have observed.
// core/optimizers/coral/CORAL.md ("Algorithm", item 7: Noise) gives the
// reasoning and the numbers behind each rule.
#ifndef EDGETUNE_CORE_OPTIMIZERS_CORAL_VERIFICATION_H_
#define EDGETUNE_CORE_OPTIMIZERS_CORAL_VERIFICATION_H_

#include "core/goal.h"
#include "core/optimizers/coral/noise_estimate.h"
#include "core/trial_history.h"

namespace core {

// The fields of Coral::Options of the same names (coral.h explains them).
struct VerificationOptions {
  double confidence_z;
  double recommend_z;
  int verify_measurements;
  int max_measurements;
};

// A view of the run's goal, rules and current noise estimate: CORAL makes
// one for each use, so it always judges with the noise as it is now.
class Verification {
 public:
  // `noise` must outlive the view; it is read, never updated, here.
  Verification(const Goal& goal, const VerificationOptions& options, const NoiseEstimate& noise);

  bool trusted(const TrialHistory::Entry& e) const;
  bool confirmed(const TrialHistory::Entry& e) const;
  bool recommendable(const TrialHistory::Entry& e) const;
  // Whether `count` readings averaging (mean_fps, mean_w) keep the margin
  // a trusted configuration keeps (the t test allowed from
  // verify_measurements readings on).
  bool mean_keeps_margin(double mean_fps, double mean_w, int count) const;

  // The best entry of `history` under each rule, or nullptr.
  const TrialHistory::Entry* best_trusted(const TrialHistory& history) const;
  const TrialHistory::Entry* best_recommendable(const TrialHistory& history) const;
  // The best entry that met the goal as measured and beats `incumbent` (the
  // best trusted one, may be null) but is not trusted yet and may still be
  // re-measured (fewer than max_measurements readings): one more reading
  // settles whether it can be recommended.
  const TrialHistory::Entry* untrusted_contender(const TrialHistory& history,
                                                 const TrialHistory::Entry* incumbent) const;
  // The best entry that met the goal in every reading and beats
  // `recommended` (may be null) but is not recommendable itself, however
  // often it was read: each further reading shrinks its standard error
  // until it is verified or misses the goal.
  const TrialHistory::Entry* unrecommended_contender(const TrialHistory& history,
                                                     const TrialHistory::Entry* recommended) const;

 private:
  // Mean readings of a configuration, and how many: all of them, or (to
  // confirm it) those after its first.
  struct Readings {
    double mean_fps, mean_w;
    int count;
  };
  bool meets_with_margin(const Readings& r, double z, double noise_fps, double noise_w) const;
  bool keeps_margin(const Readings& r, bool t_test_allowed) const;

  Goal goal_;
  VerificationOptions options_;
  const NoiseEstimate& noise_;
};

}  // namespace core

#endif  // EDGETUNE_CORE_OPTIMIZERS_CORAL_VERIFICATION_H_
