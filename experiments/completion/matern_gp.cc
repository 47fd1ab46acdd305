#include "experiments/completion/matern_gp.h"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "core/errors.h"
#include "experiments/stats/quantile.h"

namespace experiments {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

const double kSqrt5 = std::sqrt(5.0);
const double kLog2Pi = std::log(2.0 * M_PI);
// The normal's 97.5% quantile: +-kNormal975 sd holds 95%.
constexpr double kNormal975 = 1.959963984540054;

// Bounds on the log hyperparameters, for a standardised target over inputs
// in [0, 1]: a length scale from 1/50 to 50 times an axis's whole range, a
// signal variance from 0.05 to 20 and a noise variance from 1e-6 (nearly
// exact readings) to 1 (no signal at all), both in units of the target's
// variance.
constexpr double kMinLogLength = -3.9, kMaxLogLength = 3.9;
constexpr double kMinLogSignal = -3.0, kMaxLogSignal = 3.0;
constexpr double kMinLogNoise = -13.8, kMaxLogNoise = 0.0;
constexpr int kRpropIterations = 60;
// A Gamma(3, 6) prior on each length scale (in units of the [0, 1] axis;
// mode 1/3), as BoTorch's SingleTaskGP long used over normalised inputs:
// with a dozen readings the marginal likelihood alone often stretches a
// knob's length scale to many times its range, and the fitted surface is
// then sure of itself where it has no reading. On 15 samples of 10% of the
// LoudVA Nano grid (14 readings each), the held-out power values within
// +-2 sd were a median 80% (37% at worst) without it, 89% (73%) with it.
// Its pull, 2 - 6 l per log length scale, is small beside the likelihood
// of hundreds of readings.
constexpr double kLengthPriorShape = 3.0, kLengthPriorRate = 6.0;

// The log prior of the length scales (up to a constant), and its gradient
// in theta added to `gradient`.
double log_length_prior(const VectorXd& theta, Eigen::Index d, VectorXd& gradient) {
  double log_prior = 0.0;
  for (Eigen::Index i = 0; i < d; ++i) {
    const double length = std::exp(theta(i));
    log_prior += (kLengthPriorShape - 1.0) * theta(i) - kLengthPriorRate * length;
    gradient(i) += (kLengthPriorShape - 1.0) - kLengthPriorRate * length;
  }
  return log_prior;
}

// Row indices 0..n-1, or `limit` of them drawn without replacement.
std::vector<Eigen::Index> subset(Eigen::Index n, std::size_t limit, std::mt19937_64& rng) {
  std::vector<Eigen::Index> rows(static_cast<std::size_t>(n));
  std::iota(rows.begin(), rows.end(), Eigen::Index{0});
  if (rows.size() > limit) {
    std::shuffle(rows.begin(), rows.end(), rng);
    rows.resize(limit);
    std::sort(rows.begin(), rows.end());
  }
  return rows;
}

MatrixXd rows_of(const MatrixXd& x, const std::vector<Eigen::Index>& rows) {
  MatrixXd out(static_cast<Eigen::Index>(rows.size()), x.cols());
  for (std::size_t i = 0; i < rows.size(); ++i)
    out.row(static_cast<Eigen::Index>(i)) = x.row(rows[i]);
  return out;
}

VectorXd entries_of(const VectorXd& y, const std::vector<Eigen::Index>& rows) {
  VectorXd out(static_cast<Eigen::Index>(rows.size()));
  for (std::size_t i = 0; i < rows.size(); ++i) out(static_cast<Eigen::Index>(i)) = y(rows[i]);
  return out;
}

// Unit-variance Matern-5/2 at scaled distance r.
double matern52(double r) {
  const double s = kSqrt5 * r;
  return (1.0 + s + s * s / 3.0) * std::exp(-s);
}

// theta = (log length scales, log signal variance, log noise variance).
struct Fit {
  double lml = -std::numeric_limits<double>::infinity();
  VectorXd gradient;
  MatrixXd inverse;  // (K + noise I)^-1
  VectorXd alpha;
};

// The log marginal likelihood of y (zero mean) and its gradient in theta.
Fit evaluate(const MatrixXd& x, const VectorXd& y, const VectorXd& theta, bool want_inverse) {
  const Eigen::Index n = x.rows(), d = x.cols();
  const VectorXd length = theta.head(d).array().exp();
  const double signal = std::exp(theta(d)), noise = std::exp(theta(d + 1));
  const MatrixXd scaled = x.array().rowwise() / length.transpose().array();
  MatrixXd k(n, n), slope(n, n);  // slope: signal * 5/3 (1 + s) e^-s, for the gradient
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j <= i; ++j) {
      const double s = kSqrt5 * (scaled.row(i) - scaled.row(j)).norm();
      const double e = std::exp(-s);
      k(i, j) = k(j, i) = signal * (1.0 + s + s * s / 3.0) * e;
      slope(i, j) = slope(j, i) = signal * (5.0 / 3.0) * (1.0 + s) * e;
    }
  }
  MatrixXd ky = k;
  ky.diagonal().array() += noise;
  const Eigen::LLT<MatrixXd> llt(ky);
  Fit fit;
  if (llt.info() != Eigen::Success) return fit;
  fit.alpha = llt.solve(y);
  const MatrixXd& l = llt.matrixL();
  fit.lml = -0.5 * y.dot(fit.alpha) - l.diagonal().array().log().sum() -
            0.5 * static_cast<double>(n) * kLog2Pi;
  fit.inverse = llt.solve(MatrixXd::Identity(n, n));
  const MatrixXd w = fit.alpha * fit.alpha.transpose() - fit.inverse;
  fit.gradient.resize(d + 2);
  for (Eigen::Index dim = 0; dim < d; ++dim) {
    double g = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) {
      for (Eigen::Index j = 0; j < i; ++j) {
        const double delta = scaled(i, dim) - scaled(j, dim);
        g += w(i, j) * slope(i, j) * delta * delta;  // twice, halved: symmetric
      }
    }
    fit.gradient(dim) = g;
  }
  fit.gradient(d) = 0.5 * (w.array() * k.array()).sum();
  fit.gradient(d + 1) = 0.5 * noise * w.trace();
  if (!want_inverse) fit.inverse.resize(0, 0);
  return fit;
}

void clamp(VectorXd& theta, Eigen::Index d) {
  for (Eigen::Index i = 0; i < d; ++i)
    theta(i) = std::clamp(theta(i), kMinLogLength, kMaxLogLength);
  theta(d) = std::clamp(theta(d), kMinLogSignal, kMaxLogSignal);
  theta(d + 1) = std::clamp(theta(d + 1), kMinLogNoise, kMaxLogNoise);
}

// iRprop- ascent of the log marginal likelihood plus the length scales' log
// prior from `theta`.
std::pair<VectorXd, double> ascend(const MatrixXd& x, const VectorXd& y, VectorXd theta) {
  const Eigen::Index d = x.cols(), p = theta.size();
  VectorXd step = VectorXd::Constant(p, 0.1), previous = VectorXd::Zero(p);
  VectorXd best = theta;
  double best_objective = -std::numeric_limits<double>::infinity();
  for (int iteration = 0; iteration < kRpropIterations; ++iteration) {
    Fit fit = evaluate(x, y, theta, false);
    if (!std::isfinite(fit.lml)) {
      theta(d + 1) = std::min(theta(d + 1) + 1.0, kMaxLogNoise);  // more jitter
      continue;
    }
    const double objective = fit.lml + log_length_prior(theta, d, fit.gradient);
    if (objective > best_objective) {
      best_objective = objective;
      best = theta;
    }
    for (Eigen::Index i = 0; i < p; ++i) {
      double g = fit.gradient(i);
      if (g * previous(i) > 0) {
        step(i) = std::min(step(i) * 1.2, 1.0);
      } else if (g * previous(i) < 0) {
        step(i) = std::max(step(i) * 0.5, 1e-6);
        g = 0.0;
      }
      if (g > 0) theta(i) += step(i);
      if (g < 0) theta(i) -= step(i);
      previous(i) = g;
    }
    clamp(theta, d);
  }
  return {best, best_objective};
}

}  // namespace

double matern_log_marginal_likelihood(const MatrixXd& x, const VectorXd& y, const VectorXd& theta,
                                      VectorXd* gradient) {
  const Fit fit = evaluate(x, y, theta, false);
  if (gradient && std::isfinite(fit.lml)) *gradient = fit.gradient;
  return fit.lml;
}

MaternGp::MaternGp(const MatrixXd& x, const VectorXd& y, std::uint64_t seed) {
  if (x.rows() < 3 || x.rows() != y.size())
    throw core::InputError("a Gaussian process needs at least 3 readings; measure more points");
  const Eigen::Index d = x.cols();
  y_mean_ = y.mean();
  y_scale_ = std::sqrt((y.array() - y_mean_).square().sum() / static_cast<double>(y.size()));
  if (!(y_scale_ > 0)) y_scale_ = 1.0;
  const VectorXd z = (y.array() - y_mean_) / y_scale_;
  std::mt19937_64 rng(seed);

  const std::vector<Eigen::Index> fit_rows = subset(x.rows(), kMaxFitPoints, rng);
  const MatrixXd fit_x = rows_of(x, fit_rows);
  const VectorXd fit_y = entries_of(z, fit_rows);
  VectorXd best;
  double best_objective = -std::numeric_limits<double>::infinity();
  for (const auto& [length, noise] :
       {std::pair{0.5, 1e-2}, std::pair{0.2, 1e-4}, std::pair{1.5, 0.1}}) {
    VectorXd start(d + 2);
    start.head(d).setConstant(std::log(length));
    start(d) = 0.0;
    start(d + 1) = std::log(noise);
    const auto [theta, objective] = ascend(fit_x, fit_y, start);
    if (objective > best_objective) {
      best_objective = objective;
      best = theta;
    }
  }
  if (!std::isfinite(best_objective))
    throw core::InputError("the Gaussian process could not be fitted to these readings");
  hyper_.length_scales = best.head(d).array().exp();
  hyper_.signal_variance = std::exp(best(d));
  hyper_.noise_variance = std::exp(best(d + 1));

  // Leave-one-out on the fitted points (R&W eq. 5.12).
  const Fit fit = evaluate(fit_x, fit_y, best, true);
  hyper_.log_marginal_likelihood = fit.lml;
  double sse = 0.0, sst = 0.0;
  std::size_t covered = 0;
  const double fit_mean = fit_y.mean();
  for (Eigen::Index i = 0; i < fit_y.size(); ++i) {
    const double residual = fit.alpha(i) / fit.inverse(i, i);
    const double sd = std::sqrt(1.0 / fit.inverse(i, i));
    sse += residual * residual;
    sst += (fit_y(i) - fit_mean) * (fit_y(i) - fit_mean);
    covered += std::abs(residual) <= 2.0 * sd;
  }
  held_out_.points = static_cast<std::size_t>(fit_y.size());
  held_out_.r2 = sst > 0 ? 1.0 - sse / sst : 0.0;
  held_out_.coverage = static_cast<double>(covered) / static_cast<double>(fit_y.size());

  // Condition on (up to kMaxConditionPoints of) every reading.
  const std::vector<Eigen::Index> rows = subset(x.rows(), kMaxConditionPoints, rng);
  points_ = (rows_of(x, rows).array().rowwise() / hyper_.length_scales.transpose().array())
                .matrix()
                .transpose();
  const VectorXd cz = entries_of(z, rows);
  const Eigen::Index n = points_.cols();
  MatrixXd ky(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j <= i; ++j)
      ky(i, j) = ky(j, i) =
          hyper_.signal_variance * matern52((points_.col(i) - points_.col(j)).norm());
  ky.diagonal().array() += hyper_.noise_variance;
  const Eigen::LLT<MatrixXd> llt(ky);
  if (llt.info() != Eigen::Success)
    throw core::InputError("the Gaussian process's covariance is singular on these readings");
  alpha_ = llt.solve(cz);
  calibrate(llt, rng);
}

MaternGp::Local MaternGp::local(const VectorXd& at, Scratch& scratch, Eigen::Index skip) const {
  const Eigen::Index n = points_.cols(), d = points_.rows();
  VectorXd& distance = scratch.distance;
  // Vectorised over the conditioning points: the bulk of a completion.
  distance = (points_.colwise() - at).colwise().norm().transpose();
  const double signal = hyper_.signal_variance;
  Local out;
  if (skip < 0) {
    const Eigen::ArrayXd scaled = kSqrt5 * distance.array();
    out.mean =
        signal * ((1.0 + scaled + scaled.square() / 3.0) * (-scaled).exp()).matrix().dot(alpha_);
  } else {
    distance(skip) = std::numeric_limits<double>::infinity();
  }
  const Eigen::Index local =
      std::min<Eigen::Index>(n - (skip >= 0 ? 1 : 0), static_cast<Eigen::Index>(kLocalPoints));
  std::vector<Eigen::Index>& order = scratch.order;
  order.resize(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::nth_element(order.begin(), order.begin() + (local - 1), order.end(),
                   [&](Eigen::Index a, Eigen::Index b) { return distance(a) < distance(b); });
  MatrixXd& near = scratch.near;
  MatrixXd& kl = scratch.kl;
  VectorXd& ks = scratch.ks;
  near.resize(d, local);
  kl.resize(local, local);
  ks.resize(local);
  for (Eigen::Index i = 0; i < local; ++i) {
    const Eigen::Index point = order[static_cast<std::size_t>(i)];
    near.col(i) = points_.col(point);
    ks(i) = signal * matern52(distance(point));
  }
  for (Eigen::Index i = 0; i < local; ++i) {
    for (Eigen::Index j = 0; j < i; ++j)
      kl(i, j) = signal * matern52((near.col(i) - near.col(j)).norm());
    kl(i, i) = signal + hyper_.noise_variance;
  }
  const Eigen::LLT<MatrixXd, Eigen::Lower> llt(kl);
  const VectorXd v = llt.matrixL().solve(ks);
  out.variance = std::max(signal - v.squaredNorm(), 0.0) + hyper_.noise_variance;
  return out;
}

void MaternGp::calibrate(const Eigen::LLT<MatrixXd>& llt, std::mt19937_64& rng) {
  // Each left-out reading as predict() would see it had it not been
  // measured: the full posterior's mean without it (R&W eq. 5.12: its
  // residual is alpha_i / [K^-1]_ii), the variance from its nearest others.
  const Eigen::Index n = points_.cols();
  std::vector<double> z;
  Scratch scratch;
  for (Eigen::Index row : subset(n, kCalibrationPoints, rng)) {
    // [K^-1]_ii = |L^-1 e_i|^2, and L^-1 e_i is zero above row i.
    VectorXd unit = VectorXd::Zero(n - row);
    unit(0) = 1.0;
    llt.matrixLLT()
        .bottomRightCorner(n - row, n - row)
        .triangularView<Eigen::Lower>()
        .solveInPlace(unit);
    const double residual = alpha_(row) / unit.squaredNorm();
    const Local left_out = local(points_.col(row), scratch, row);
    z.push_back(std::abs(residual) / std::sqrt(left_out.variance));
  }
  calibration_.points = z.size();
  calibration_.coverage_before =
      static_cast<double>(std::count_if(z.begin(), z.end(), [](double v) { return v <= 2.0; })) /
      static_cast<double>(z.size());
  // Enough left-out readings to see the tails: the scale that puts 95% of
  // them within +-1.96 sd (errors of a smooth model are heavier-tailed than
  // normal, so a mean square would over-widen the bulk). Fewer: the scale
  // that makes their mean square 1, shrunk towards 1 as by kPriorReadings
  // readings that agreed with the model (a conjugate prior on the scale), so
  // that a few readings move it little.
  double scale2 = 1.0;
  if (z.size() >= kQuantileReadings) {
    scale2 = std::pow(percentile(z, 0.95) / kNormal975, 2);
  } else {
    double sum_squares = 0.0;
    for (double v : z) sum_squares += v * v;
    scale2 = (kPriorReadings + sum_squares) / (kPriorReadings + static_cast<double>(z.size()));
  }
  calibration_.sd_scale = std::clamp(std::sqrt(scale2), kMinSdScale, kMaxSdScale);
  // The hyperparameters are estimates from the fitted readings: with few of
  // them the prediction is Student-t, not normal (Shah, Wilson & Ghahramani
  // 2014), with as many degrees of freedom as readings beyond the fitted
  // parameters; its 95% interval is wider than +-1.96 sd by this much.
  const double parameters = static_cast<double>(points_.rows() + 2);
  calibration_.degrees_of_freedom =
      std::max(1.0, static_cast<double>(held_out_.points) - parameters);
  const boost::math::students_t t(calibration_.degrees_of_freedom);
  calibration_.sd_scale *= boost::math::quantile(t, 0.975) / kNormal975;
}

void MaternGp::predict(const MatrixXd& x, VectorXd& mean, VectorXd& variance) const {
  mean.resize(x.rows());
  variance.resize(x.rows());
  Scratch scratch;
  const double scale2 = calibration_.sd_scale * calibration_.sd_scale;
  for (Eigen::Index p = 0; p < x.rows(); ++p) {
    const Local at = local(x.row(p).transpose().cwiseQuotient(hyper_.length_scales), scratch, -1);
    mean(p) = y_mean_ + y_scale_ * at.mean;
    variance(p) = y_scale_ * y_scale_ * at.variance * scale2;
  }
}

}  // namespace experiments
