// Gaussian-process regression with an ARD Matern-5/2 kernel (Rasmussen &
// Williams 2006, eq. 4.17), for completing a sampled surface: inputs are
// knob positions in [0, 1], the target one standardised log-metric.
//
// Hyperparameters (a length scale per input, the signal variance, the noise
// variance) maximise the log marginal likelihood (R&W eq. 5.8, gradient eq.
// 5.9) on at most kMaxFitPoints of the readings, by iRprop- (Igel & Husken
// 2000: step sizes adapt to the gradient's sign, robust where the
// likelihood's scale varies by orders of magnitude), from a few starts.
// The posterior mean then conditions on every reading (at most
// kMaxConditionPoints); the posterior variance at a point conditions on its
// kLocalPoints nearest readings in the kernel's metric (a nearest-neighbour
// GP, Vecchia 1988; Datta et al. 2016): slightly wider than the full
// posterior's, and O(m k^3) instead of O(m n^2) over a grid of m points.
#ifndef EDGETUNE_EXPERIMENTS_COMPLETION_MATERN_GP_H_
#define EDGETUNE_EXPERIMENTS_COMPLETION_MATERN_GP_H_

#include <Eigen/Dense>
#include <cmath>
#include <cstdint>
#include <vector>

namespace experiments {

// Of the standardised target: divide y's deviations from its mean by its
// standard deviation to get the units these are in.
struct GpHyperparameters {
  Eigen::VectorXd length_scales;  // one per input, in units of the [0, 1] axis
  double signal_variance = 1.0;
  double noise_variance = 1e-2;
  double log_marginal_likelihood = 0.0;  // on the points it was fitted to
};

// Leave-one-out checks of a fitted GP (R&W eq. 5.12), on the points the
// hyperparameters were fitted to.
struct GpHeldOut {
  double r2 = 0.0;        // 1 - sum of squared LOO errors / total sum of squares
  double coverage = 0.0;  // share of LOO residuals within +-2 predictive sd
  std::size_t points = 0;
};

// The log marginal likelihood of zero-mean targets y at inputs x under the
// kernel with log hyperparameters theta = (log length scales, log signal
// variance, log noise variance), and its gradient in theta (R&W eq. 5.9)
// when `gradient` is given; -infinity when the covariance is not positive
// definite. What the fit climbs; public for its tests.
double matern_log_marginal_likelihood(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                      const Eigen::VectorXd& theta,
                                      Eigen::VectorXd* gradient = nullptr);

class MaternGp {
 public:
  static constexpr std::size_t kMaxFitPoints = 300;
  static constexpr std::size_t kMaxConditionPoints = 4000;
  static constexpr std::size_t kLocalPoints = 64;

  // Fits hyperparameters to (x, y) and conditions on them. x: n rows of d
  // inputs in [0, 1]; y: n targets (standardised inside). `seed` picks the
  // subsets when there are more points than the limits. Throws
  // core::InputError for fewer than 3 points.
  MaternGp(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, std::uint64_t seed);

  // Posterior mean and the variance of a new reading (posterior variance
  // plus noise) at each row of `x`, in y's units.
  void predict(const Eigen::MatrixXd& x, Eigen::VectorXd& mean, Eigen::VectorXd& variance) const;

  const GpHyperparameters& hyperparameters() const { return hyper_; }
  // The fitted noise as a standard deviation in y's units (a relative
  // spread when y is a log-metric).
  double noise_sd() const { return std::sqrt(hyper_.noise_variance) * y_scale_; }
  const GpHeldOut& held_out() const { return held_out_; }

 private:
  GpHyperparameters hyper_;
  GpHeldOut held_out_;
  double y_mean_ = 0.0, y_scale_ = 1.0;
  Eigen::MatrixXd points_;  // the conditioning points, one per column, over length scales
  Eigen::VectorXd alpha_;   // (K + noise I)^-1 (y - mean) / scale
};

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_COMPLETION_MATERN_GP_H_
