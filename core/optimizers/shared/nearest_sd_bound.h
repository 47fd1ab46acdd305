// An upper bound of a Gaussian process's posterior standard deviation at
// many points, from each point's largest kernel entry with the training
// points alone: conditioning on one training point i leaves
// k_ii - k_i^2 / (k_ii + noise), and more data never widens a GP's
// posterior. Cheap where the exact deviation needs a triangular solve per
// point; CORAL and bo bound their acquisitions with it (bounded_argmax.h).
#ifndef EDGETUNE_CORE_OPTIMIZERS_SHARED_NEAREST_SD_BOUND_H_
#define EDGETUNE_CORE_OPTIMIZERS_SHARED_NEAREST_SD_BOUND_H_

#include <Eigen/Core>

namespace core {

// `nearest`: each point's largest kernel entry (never negative), for a
// kernel of prior variance `signal` and noise variance `noise`. The full
// solve's prior variance - |v|^2 cancels to within a few ulps of the prior
// variance, which the slack covers even where the deviation is near zero.
inline Eigen::ArrayXd nearest_sd_bound(const Eigen::ArrayXd& nearest, double signal, double noise) {
  const Eigen::ArrayXd var = signal - nearest.square() / (signal + noise);
  return (var.max(1e-12) + 1e-12 * signal).sqrt();
}

}  // namespace core

#endif  // EDGETUNE_CORE_OPTIMIZERS_SHARED_NEAREST_SD_BOUND_H_
