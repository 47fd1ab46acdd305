// CORAL's estimate of the measurement noise, from its own re-measurements.
//
// Relative variance pooled over every configuration measured more than once
// (each contributes count - 1 degrees of freedom), twice: with prior_noise
// counted as two degrees of freedom, so one lucky pair cannot make CORAL
// overconfident, and from the measurements alone, which tells a quiet board
// (identical repeated readings) from a noisy one. core/optimizers/coral/CORAL.md
// ("Algorithm", item 7: Noise) gives the reasoning.
#ifndef EDGETUNE_CORE_OPTIMIZERS_CORAL_NOISE_ESTIMATE_H_
#define EDGETUNE_CORE_OPTIMIZERS_CORAL_NOISE_ESTIMATE_H_

#include <vector>

#include "core/trial_history.h"

namespace core {

class NoiseEstimate {
 public:
  // prior_noise: the relative standard deviation assumed before any
  // re-measurement; confidence_z: the normal quantile whose one-sided level
  // the Student t multiplier matches.
  NoiseEstimate(double prior_noise, double confidence_z);

  // Recomputes everything from the re-measured entries of `history` and
  // of `earlier_epochs`: the readings before a drift still tell how noisy
  // the board is, though not what it does now.
  void update(const TrialHistory& history, const std::vector<TrialHistory>& earlier_epochs = {});

  // Relative standard deviations with the prior counted in.
  double fps() const { return fps_; }
  double w() const { return w_; }
  // From the re-measurements alone (0 before any), and the one-sided
  // Student t quantile at their degrees of freedom matching confidence_z
  // (0 until observed()).
  double observed_fps() const { return observed_fps_; }
  double observed_w() const { return observed_w_; }
  double observed_t() const { return observed_t_; }
  // Re-measurements have given enough degrees of freedom (2) to judge the
  // noise on its own.
  bool observed() const;
  // ... at two configurations or more, and every re-measurement repeated
  // its first reading exactly: a replayed recording without noise.
  bool exact() const;

 private:
  double prior_noise_;
  double confidence_z_;
  double fps_ = 0.0;
  double w_ = 0.0;
  double observed_fps_ = 0.0;
  double observed_w_ = 0.0;
  double observed_dof_ = 0.0;
  double observed_t_ = 0.0;
  int remeasured_configurations_ = 0;
};

}  // namespace core

#endif  // EDGETUNE_CORE_OPTIMIZERS_CORAL_NOISE_ESTIMATE_H_
