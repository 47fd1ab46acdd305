// CORAL's surrogate of one metric: log(metric) as a linear trend in the
// normalised knob levels plus a Gaussian-process residual whose per-knob
// length scales come from distance correlation instead of likelihood
// fitting: a knob that dCor says drives the metric gets a short length
// scale (the model varies along it), an unrelated knob a long one (the model
// ignores it). This is how dCor steers where CORAL looks.
#ifndef EDGETUNE_CORE_RELEVANCE_MODEL_H_
#define EDGETUNE_CORE_RELEVANCE_MODEL_H_

#include <Eigen/Dense>
#include <vector>

namespace core {

class RelevanceModel {
 public:
  // Rows of x: normalised knob levels in [0, 1]; y: log(metric). `dcor`
  // holds one relevance in [0, 1] per knob; `noise_sd` the measurement noise
  // of y (relative noise of the metric).
  void fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const std::vector<double>& dcor,
           double noise_sd);
  // Mean and standard deviation of log(metric) at every row of `points`, in
  // one batch (one matrix triangular solve instead of one per point: the
  // acquisition scores ~400 points per step).
  void predict(const Eigen::MatrixXd& points, Eigen::VectorXd& mean, Eigen::VectorXd& sd) const;

 private:
  // k(points_i, x_j) for every row of `points` (rows) and training point.
  Eigen::MatrixXd cross_kernel(const Eigen::MatrixXd& points) const;

  Eigen::MatrixXd x_;
  Eigen::VectorXd trend_;          // intercept, then one slope per knob
  Eigen::VectorXd alpha_;          // K^-1 (y - trend)
  Eigen::LLT<Eigen::MatrixXd> llt_;
  Eigen::VectorXd inverse_scale_;  // 1 / length scale per knob
  double signal_var_ = 1.0;
};

}  // namespace core

#endif  // EDGETUNE_CORE_RELEVANCE_MODEL_H_
