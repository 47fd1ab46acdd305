// CORAL's estimate of whether a configuration can run at all (out of memory
// and other failures), from every configuration measured so far.
//
// Failures on these boards are mostly out-of-memory, which grows with the
// knobs that hold memory (concurrent streams) and not with clocks. Two
// pieces of evidence:
//  - a boundary: when every configuration measured beyond some level of a
//    knob failed, and either nothing failed elsewhere or the failure rate
//    seen elsewhere cannot explain so many failures in a row, configurations
//    at or beyond that level are taken as unavailable (of several such
//    knobs, the most relevant one); a wasted trial teaches nothing about
//    throughput or power, so CORAL does not pay for another one there;
//  - elsewhere, kernel-smoothed availability over the measured
//    configurations, with a prior of one half-weighted available point and a
//    length scale along each knob that shrinks with that knob's relevance,
//    so knobs that do not decide it do not dilute the evidence.
#ifndef EDGETUNE_CORE_OPTIMIZERS_CORAL_AVAILABILITY_MODEL_H_
#define EDGETUNE_CORE_OPTIMIZERS_CORAL_AVAILABILITY_MODEL_H_

#include <cstddef>
#include <optional>
#include <vector>

#include "core/trial_history.h"

namespace core {

class AvailabilityModel {
 public:
  // positions[j][l]: where level l of knob j sits, in [0, 1]; relevance[j]
  // in [0, 1]: how much knob j decides availability; with_boundary: look
  // for a separating boundary (false: smoothing only).
  AvailabilityModel(const std::vector<std::vector<double>>& positions, const TrialHistory& history,
                    const std::vector<double>& relevance, bool with_boundary);

  // Probability that the configuration with these knob levels runs.
  double probability(const int* levels) const;

 private:
  double smoothed(const int* levels) const;
  // The first level of the knob's tail in this direction (+1: up, -1: down)
  // where every measured configuration failed, if that tail is a boundary.
  std::optional<int> failing_tail(std::size_t knob, int direction) const;

  const std::vector<std::vector<double>>& positions_;
  const TrialHistory& history_;
  std::vector<double> inverse_scale_;  // per knob
  bool all_available_ = true;
  // Separating boundary along boundary_knob_: configurations whose level is
  // >= first_unavailable_ (direction +1) or <= it (-1) are unavailable.
  std::optional<std::size_t> boundary_knob_;
  int first_unavailable_ = 0;
  int direction_ = 0;
};

}  // namespace core

#endif  // EDGETUNE_CORE_OPTIMIZERS_CORAL_AVAILABILITY_MODEL_H_
