// Gaussian-process regression with a Matérn 5/2 ARD kernel, for Bayesian
// optimization over normalised knob levels in [0, 1]^d.
//
// Rasmussen & Williams, "Gaussian Processes for Machine Learning", 2006:
//   kernel (eq. 4.17, nu = 5/2, r scaled per dimension by its length scale)
//     k(r) = s^2 (1 + sqrt(5) r + 5 r^2 / 3) exp(-sqrt(5) r)
//   posterior (eqs. 2.25-2.26, Algorithm 2.1)
//     L = chol(K + sn^2 I), alpha = L^T \ (L \ y)
//     mean(x*) = k*^T alpha,  var(x*) = k(x*, x*) - |L \ k*|^2
//   log marginal likelihood (eq. 2.30)
//     -y^T alpha / 2 - sum_i log L_ii - n log(2 pi) / 2
// Targets are standardised (zero mean, unit variance) before fitting, so the
// signal variance is 1 and the noise is a fraction of it.
#ifndef EDGETUNE_CORE_OPTIMIZERS_SHARED_MATERN_GP_H_
#define EDGETUNE_CORE_OPTIMIZERS_SHARED_MATERN_GP_H_

#include <Eigen/Dense>
#include <vector>

namespace core {

class MaternGp {
 public:
  // Fits to rows of `x` (normalised levels) and targets `y`, choosing the
  // hyperparameters by maximum marginal likelihood: a shared length scale
  // and noise level over a grid, then one pass of per-dimension (ARD)
  // refinement that halves or doubles each length scale while that helps.
  // Needs at least one row.
  void fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y);

  // Posterior mean and standard deviation (in the units of y) at every row
  // of `points`.
  void predict(const Eigen::MatrixXd& points, Eigen::VectorXd& mean, Eigen::VectorXd& sd) const;

  // The two halves of predict(), for a caller that needs the deviation at
  // only some rows (an acquisition maximised by bounds): the mean at every
  // row, an upper bound of each row's sd (the sd given only its nearest
  // training row, since more data never widens a GP's posterior), and the
  // kernel between the rows and the training rows for sd().
  void mean(const Eigen::MatrixXd& points, Eigen::VectorXd& mean, Eigen::VectorXd& sd_bound,
            Eigen::MatrixXd& cross) const;
  // The posterior sd at `rows` of the points `cross` was computed for.
  Eigen::VectorXd sd(const Eigen::MatrixXd& cross, const std::vector<Eigen::Index>& rows) const;

  double log_marginal_likelihood() const { return evidence_; }
  const Eigen::VectorXd& length_scales() const { return length_scale_; }
  double noise_fraction() const { return noise_; }

 private:
  // Cholesky and alpha for a training kernel matrix plus noise; the evidence.
  double condition(const Eigen::MatrixXd& kernel_matrix, double noise);
  Eigen::MatrixXd kernel(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b,
                         const Eigen::VectorXd& length_scale) const;

  Eigen::MatrixXd x_;
  Eigen::VectorXd z_;  // standardised targets
  double y_mean_ = 0.0;
  double y_scale_ = 1.0;
  Eigen::VectorXd length_scale_;
  double noise_ = 1e-3;
  Eigen::LLT<Eigen::MatrixXd> llt_;
  Eigen::VectorXd alpha_;
  double evidence_ = 0.0;
};

}  // namespace core

#endif  // EDGETUNE_CORE_OPTIMIZERS_SHARED_MATERN_GP_H_
