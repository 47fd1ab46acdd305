// CORAL's test of whether its readings still agree with what it has
// learned, so that it can tell a workload that drifted (a heavier model,
// a thermal derate, a background load) from measurement noise.
//
// Two kinds of evidence, each a deviation in standard errors of CORAL's
// relative noise estimate (noise_estimate.h), the larger of throughput's
// and power's:
//  - a repeat: readings of a configuration already measured in this
//    epoch, against the mean of its n earlier readings. On a stable
//    workload log(mean of k) - log(mean of n) is normal with variance
//    sigma^2 (1/k + 1/n), and no model error enters: the clean test.
//  - a surprise: a reading of a new configuration against the surrogate's
//    prediction of it (mean and deviation, relevance_model.h). Model error
//    enters here, so a surprise only makes CORAL take a repeat at once (a
//    sentinel reading of its reference configuration).
// Noise estimated from a few repeats is often too low (the board is
// noisier at some configurations than at others), so no single noisy
// reading raises an alarm: CORAL (coral.h) takes a second, independent one
// first (a configuration that ran before and now fails needs none).
// core/optimizers/coral/CORAL.md ("Drift") gives the reasoning and the
// measured false-alarm rate.
#ifndef EDGETUNE_CORE_OPTIMIZERS_CORAL_DRIFT_EVIDENCE_H_
#define EDGETUNE_CORE_OPTIMIZERS_CORAL_DRIFT_EVIDENCE_H_

#include <vector>

#include "core/measurement.h"
#include "core/optimizers/coral/noise_estimate.h"
#include "core/optimizers/shared/acquisition.h"
#include "core/trial_history.h"

namespace core {

// Deviation of the mean of `count` later readings (fps, w) from the mean
// of `earlier` (the same configuration, measured before in this epoch), in
// standard errors of the difference: the larger of the two metrics'
// |log(later) - log(earlier)| / (sigma sqrt(1/n + 1/count)). 0 when
// `earlier` never ran; the caller treats a later failure itself.
double repeat_deviation(const TrialHistory::Entry& earlier, double fps, double w, int count,
                        const NoiseEstimate& noise);

// Signed deviations of `reading` (a configuration not measured in this
// epoch) from `predicted`, per metric, in standard deviations of the
// prediction plus one reading's noise.
struct Surprise {
  double fps = 0.0, w = 0.0;
};
Surprise surprise_deviation(const LogPrediction& predicted, const Measurement& reading,
                            const NoiseEstimate& noise);

// Whether the surrogate's surprises drift one way: a two-sided CUSUM per
// metric (Page 1954) over the epoch's surprises, each centred and scaled by
// those before it (median, and median absolute deviation / 0.6745 but at
// least 1). The surrogate's deviations are not calibrated (its length
// scales come from dCor, not from a likelihood), and it picks what it
// expects to be good, so its raw surprises lean one way even on a stable
// board; a drift moves every new reading the same way, further. On the
// paper set a plain test at 3 deviations called a sentinel in a third of
// stable runs at the first model-guided step alone. None counts before
// five surprises were seen.
class SurpriseDrift {
 public:
  // allowance: the shift per reading, in scaled units, that a CUSUM
  // ignores; limit: the sum that calls for a sentinel.
  SurpriseDrift(double allowance, double limit) : allowance_(allowance), limit_(limit) {}
  void clear();
  // Adds a surprise; true when a CUSUM passes the limit (then all restart).
  bool add(const Surprise& s);

 private:
  struct Metric {
    std::vector<double> seen;
    double up = 0.0, down = 0.0;  // the two CUSUMs
    // Adds z; true past the limit.
    bool add(double z, double allowance, double limit);
  };
  double allowance_, limit_;
  Metric fps_, w_;
};

}  // namespace core

#endif  // EDGETUNE_CORE_OPTIMIZERS_CORAL_DRIFT_EVIDENCE_H_
