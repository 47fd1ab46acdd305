#include "core/optimizers/shared/matern_gp.h"

#include <cmath>
#include <limits>
#include <vector>

#include "core/optimizers/shared/matern52.h"
#include "core/optimizers/shared/nearest_sd_bound.h"

namespace core {
namespace {

constexpr double kLengthScales[] = {0.1, 0.2, 0.4, 0.8, 1.6};
constexpr double kNoiseFractions[] = {1e-4, 1e-3, 1e-2, 1e-1};
constexpr double kJitter = 1e-9;

// Matérn 5/2 of squared scaled distances r^2 (elementwise).
Eigen::MatrixXd matern52(const Eigen::ArrayXXd& r2) {
  Eigen::MatrixXd k(r2.rows(), r2.cols());
  core::matern52(r2.data(), k.data(), static_cast<std::size_t>(r2.size()));
  return k;
}

}  // namespace

Eigen::MatrixXd MaternGp::kernel(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b,
                                 const Eigen::VectorXd& length_scale) const {
  const Eigen::VectorXd inverse = length_scale.cwiseInverse();
  const Eigen::MatrixXd sa = a * inverse.asDiagonal();
  const Eigen::MatrixXd sb = b * inverse.asDiagonal();
  Eigen::MatrixXd r2 = (-2.0 * sa * sb.transpose()).colwise() + sa.rowwise().squaredNorm();
  r2.rowwise() += sb.rowwise().squaredNorm().transpose();
  return matern52(r2.array());
}

double MaternGp::condition(const Eigen::MatrixXd& kernel_matrix, double noise) {
  Eigen::MatrixXd gram = kernel_matrix;
  gram.diagonal().array() += noise + kJitter;
  llt_.compute(gram);
  if (llt_.info() != Eigen::Success) return -std::numeric_limits<double>::infinity();
  alpha_ = llt_.solve(z_);
  return -0.5 * z_.dot(alpha_) - llt_.matrixLLT().diagonal().array().log().sum() -
         0.5 * static_cast<double>(z_.size()) * std::log(2.0 * M_PI);
}

void MaternGp::fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) {
  x_ = x;
  y_mean_ = y.mean();
  const double variance = (y.array() - y_mean_).square().mean();
  y_scale_ = variance > 1e-18 ? std::sqrt(variance) : 1.0;
  z_ = (y.array() - y_mean_) / y_scale_;

  // Squared distances per dimension, computed once: every candidate set of
  // length scales is then a weighted sum, and noise only moves the diagonal.
  const Eigen::Index n = x.rows(), d = x.cols();
  std::vector<Eigen::ArrayXXd> sq(static_cast<std::size_t>(d));
  for (Eigen::Index j = 0; j < d; ++j) {
    const Eigen::ArrayXd c = x.col(j).array();
    sq[static_cast<std::size_t>(j)] = (c.replicate(1, n) - c.transpose().replicate(n, 1)).square();
  }
  auto kernel_for = [&](const Eigen::VectorXd& ls) {
    Eigen::ArrayXXd r2 = Eigen::ArrayXXd::Zero(n, n);
    for (Eigen::Index j = 0; j < d; ++j) r2 += sq[static_cast<std::size_t>(j)] / (ls[j] * ls[j]);
    return matern52(r2);
  };

  evidence_ = -std::numeric_limits<double>::infinity();
  for (double scale : kLengthScales) {
    const Eigen::VectorXd ls = Eigen::VectorXd::Constant(d, scale);
    const Eigen::MatrixXd k = kernel_for(ls);
    for (double noise : kNoiseFractions) {
      const double e = condition(k, noise);
      if (e > evidence_) {
        evidence_ = e;
        length_scale_ = ls;
        noise_ = noise;
      }
    }
  }
  for (Eigen::Index j = 0; j < d; ++j) {
    for (double factor : {0.5, 2.0}) {
      Eigen::VectorXd ls = length_scale_;
      ls[j] *= factor;
      const double e = condition(kernel_for(ls), noise_);
      if (e > evidence_) {
        evidence_ = e;
        length_scale_ = ls;
      }
    }
  }
  condition(kernel_for(length_scale_), noise_);
}

void MaternGp::predict(const Eigen::MatrixXd& points, Eigen::VectorXd& mean,
                       Eigen::VectorXd& sd) const {
  Eigen::VectorXd unused;
  Eigen::MatrixXd cross;
  this->mean(points, mean, unused, cross);
  std::vector<Eigen::Index> rows(static_cast<std::size_t>(points.rows()));
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<Eigen::Index>(i);
  sd = this->sd(cross, rows);
}

void MaternGp::mean(const Eigen::MatrixXd& points, Eigen::VectorXd& mean, Eigen::VectorXd& sd_bound,
                    Eigen::MatrixXd& cross) const {
  cross = kernel(points, x_, length_scale_);  // m x n
  mean = ((cross * alpha_).array() * y_scale_ + y_mean_).matrix();
  // Standardised targets: the prior variance is 1.
  sd_bound =
      (nearest_sd_bound(cross.rowwise().maxCoeff().array(), 1.0, noise_ + kJitter) * y_scale_)
          .matrix();
}

Eigen::VectorXd MaternGp::sd(const Eigen::MatrixXd& cross,
                             const std::vector<Eigen::Index>& rows) const {
  Eigen::MatrixXd k(cross.cols(), static_cast<Eigen::Index>(rows.size()));
  for (std::size_t c = 0; c < rows.size(); ++c)
    k.col(static_cast<Eigen::Index>(c)) = cross.row(rows[c]).transpose();
  llt_.matrixL().solveInPlace(k);  // v = L^-1 k, sd^2 = 1 - |v|^2
  const Eigen::ArrayXd var = (1.0 - k.colwise().squaredNorm().array()).cwiseMax(1e-12);
  return (var.sqrt() * y_scale_).matrix();
}

}  // namespace core
