// Gaussian-process regression with an ARD Matern-5/2 kernel (Rasmussen &
// Williams 2006, eq. 4.17), for completing a sampled surface: inputs are
// knob positions in [0, 1] (surface_completion.cc: log knob values over
// their range), the target one standardised log-metric.
//
// Hyperparameters (a length scale per input, the signal variance, the noise
// variance) maximise the log marginal likelihood (R&W eq. 5.8, gradient eq.
// 5.9) plus a Gamma(3, 6) log prior on each length scale (matern_gp.cc) on
// at most kMaxFitPoints of the readings, by iRprop- (Igel & Husken
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
#include <random>
#include <vector>

namespace experiments {

// Of the standardised target: divide y's deviations from its mean by its
// standard deviation to get the units these are in.
struct GpHyperparameters {
  Eigen::VectorXd length_scales;  // one per input, in units of the [0, 1] axis
  double signal_variance = 1.0;
  double noise_variance = 1e-2;
  double log_marginal_likelihood = 0.0;  // on the points it was fitted to, prior left out
};

// Leave-one-out checks of a fitted GP (R&W eq. 5.12), on the points the
// hyperparameters were fitted to.
struct GpHeldOut {
  double r2 = 0.0;        // 1 - sum of squared LOO errors / total sum of squares
  double coverage = 0.0;  // share of LOO residuals within +-2 predictive sd
  std::size_t points = 0;
};

// How predict()'s spread was calibrated: each of up to kCalibrationPoints
// readings left out and predicted from its nearest other readings, as an
// unmeasured point is. The nearest-neighbour variance is wider than the
// full posterior's, and with a few readings the fitted hyperparameters are
// themselves uncertain (too narrow). The spread is scaled so that 95% of
// the left-out readings fall within +-1.96 sd (with fewer than
// kQuantileReadings, that their z-scores have a mean square near 1), and
// widened to a Student-t's 95% interval for the few degrees of freedom left
// once the hyperparameters are fitted.
struct GpCalibration {
  double sd_scale = 1.0;         // what predict()'s sd is multiplied by
  double coverage_before = 0.0;  // left-out readings within +-2 sd before scaling
  std::size_t points = 0;
  double degrees_of_freedom = 0.0;  // fitted readings - (length scales + 2)
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
  static constexpr std::size_t kCalibrationPoints = 300;
  // Bounds of the calibration's scale: beyond them the model itself is
  // wrong, which the held-out R^2 reports.
  static constexpr double kMinSdScale = 0.1, kMaxSdScale = 10.0;
  static constexpr double kPriorReadings = 10.0;
  static constexpr std::size_t kQuantileReadings = 100;

  // Fits hyperparameters to (x, y) and conditions on them. x: n rows of d
  // inputs in [0, 1]; y: n targets (standardised inside). `seed` picks the
  // subsets when there are more points than the limits. Throws
  // core::InputError for fewer than 3 points.
  MaternGp(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, std::uint64_t seed);

  // Posterior mean and the variance of a new reading (posterior variance
  // plus noise, scaled by the calibration) at each row of `x`, in y's units.
  void predict(const Eigen::MatrixXd& x, Eigen::VectorXd& mean, Eigen::VectorXd& variance) const;

  const GpHyperparameters& hyperparameters() const { return hyper_; }
  // The fitted noise as a standard deviation in y's units (a relative
  // spread when y is a log-metric).
  double noise_sd() const { return std::sqrt(hyper_.noise_variance) * y_scale_; }
  const GpHeldOut& held_out() const { return held_out_; }
  const GpCalibration& calibration() const { return calibration_; }

 private:
  // The local prediction at `at` (inputs over length scales), in the
  // standardised target's units: the mean (from every conditioning point;
  // not computed with `skip` >= 0) and the variance of a new reading there
  // from the kLocalPoints nearest (other than point `skip`).
  struct Local {
    double mean = 0.0, variance = 0.0;
  };
  // Buffers local() reuses from one point to the next.
  struct Scratch {
    Eigen::VectorXd distance, ks;
    std::vector<Eigen::Index> order;
    Eigen::MatrixXd near, kl;
  };
  Local local(const Eigen::VectorXd& at, Scratch& scratch, Eigen::Index skip) const;
  void calibrate(const Eigen::LLT<Eigen::MatrixXd>& llt, std::mt19937_64& rng);

  GpHyperparameters hyper_;
  GpHeldOut held_out_;
  GpCalibration calibration_;
  double y_mean_ = 0.0, y_scale_ = 1.0;
  Eigen::MatrixXd points_;  // the conditioning points, one per column, over length scales
  Eigen::VectorXd alpha_;   // (K + noise I)^-1 (y - mean) / scale
};

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_COMPLETION_MATERN_GP_H_
