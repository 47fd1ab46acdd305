#include "core/relevance_model.h"

#include <algorithm>
#include <cmath>

namespace core {
namespace {

// Length scale (in normalised levels) of a knob with dCor 1; a knob with
// dCor d gets kBaseScale / max(d, kMinRelevance).
constexpr double kBaseScale = 0.35;
constexpr double kMinRelevance = 0.05;
// Ridge on the trend slopes: a weak pull towards "no trend" with few points.
constexpr double kRidge = 1e-3;

}  // namespace

void RelevanceModel::fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                         const std::vector<double>& dcor, double noise_sd) {
  const Eigen::Index n = x.rows(), k = x.cols();
  x_ = x;
  inverse_scale_.resize(k);
  for (Eigen::Index j = 0; j < k; ++j) {
    inverse_scale_[j] = std::max(dcor[static_cast<std::size_t>(j)], kMinRelevance) / kBaseScale;
  }
  Eigen::MatrixXd design(n, k + 1);
  design.col(0).setOnes();
  design.rightCols(k) = x;
  Eigen::MatrixXd normal = design.transpose() * design;
  normal.diagonal().tail(k).array() += kRidge * std::max<Eigen::Index>(n, 1);
  trend_ = normal.ldlt().solve(design.transpose() * y);
  const Eigen::VectorXd residual = y - design * trend_;
  signal_var_ = std::max(residual.squaredNorm() / std::max<Eigen::Index>(n, 1), 1e-6);
  Eigen::MatrixXd gram = cross_kernel(x_);
  gram.diagonal().array() += noise_sd * noise_sd + 1e-9;
  llt_.compute(gram);
  alpha_ = llt_.solve(residual);
}

Eigen::MatrixXd RelevanceModel::cross_kernel(const Eigen::MatrixXd& points) const {
  const Eigen::MatrixXd a = points * inverse_scale_.asDiagonal();
  const Eigen::MatrixXd b = x_ * inverse_scale_.asDiagonal();
  // |a - b|^2 = |a|^2 + |b|^2 - 2 a.b, clamped at 0 against rounding.
  Eigen::MatrixXd r2 = (-2.0 * a * b.transpose()).colwise() + a.rowwise().squaredNorm();
  r2.rowwise() += b.rowwise().squaredNorm().transpose();
  return signal_var_ * (-0.5 * r2.cwiseMax(0.0)).array().exp().matrix();
}

void RelevanceModel::predict(const Eigen::MatrixXd& points, Eigen::VectorXd& mean,
                             Eigen::VectorXd& sd) const {
  const Eigen::MatrixXd k = cross_kernel(points);  // m x n
  mean = (points * trend_.tail(points.cols())).array() + trend_[0];
  mean += k * alpha_;
  const Eigen::MatrixXd v = llt_.matrixL().solve(k.transpose());  // n x m
  const Eigen::VectorXd var = (signal_var_ - v.colwise().squaredNorm().array()).matrix();
  sd = var.cwiseMax(1e-12).cwiseSqrt();
}

}  // namespace core
