// How strongly each knob drives throughput and power, learned from the
// trials so far: CORAL's use of distance correlation.
#ifndef EDGETUNE_CORE_OPTIMIZERS_CORAL_KNOB_RANKING_H_
#define EDGETUNE_CORE_OPTIMIZERS_CORAL_KNOB_RANKING_H_

#include <vector>

#include "core/config_space.h"
#include "core/trial_history.h"

namespace core {

struct KnobInfluence {
  double dcor_fps = 1.0;  // dCor(knob level, throughput) in [0, 1]
  double dcor_w = 1.0;    // dCor(knob level, power)
  // dCor(knob level, could run) over every measured configuration, 0 while
  // all of them ran: which knobs decide out-of-memory and other failures.
  double dcor_available = 0.0;
  int fps_sign = 1;  // direction of the trend: +1 raising the knob raises fps
  int w_sign = 1;    // +1 raising the knob raises power
  // Throughput bought per unit of power influence: high = raise it, low =
  // it costs power for little throughput, so lower it.
  double gain() const { return dcor_fps / (dcor_w + 0.05); }
};

// dCor of each knob's level with the measured throughput and power over the
// available entries of `history` (means of repeated measurements). With
// fewer than `min_points` entries every knob gets the neutral influence 1.
// Trend signs come from the sign of the Pearson covariance (0 -> +1).
// dcor_available uses every measured entry, available or not.
std::vector<KnobInfluence> rank_knobs(const ConfigSpace& space, const TrialHistory& history,
                                      std::size_t min_points = 4);

}  // namespace core

#endif  // EDGETUNE_CORE_OPTIMIZERS_CORAL_KNOB_RANKING_H_
