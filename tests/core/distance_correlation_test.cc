#include "core/distance_correlation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace {

using core::DcovEstimator;

Eigen::MatrixXd matrix_a() {
  Eigen::MatrixXd a(4, 4);
  a << 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16;
  return a;
}

Eigen::MatrixXd column(const std::vector<double>& v) {
  return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

// Reference values from the issue (they match the dcor Python package).
TEST(DistanceCorrelationTest, BiasedMatchesKnownValues) {
  const Eigen::MatrixXd a = matrix_a(), b = column({1, 0, 0, 1});
  EXPECT_NEAR(core::distance_covariance_sq(a, b), 1.0, 1e-12);
  EXPECT_NEAR(core::distance_covariance_sq(a, a), 52.0, 1e-12);
  EXPECT_NEAR(core::distance_covariance_sq(b, b), 0.25, 1e-12);
  EXPECT_NEAR(core::distance_correlation_sq(a, b), 0.2773500, 1e-7);
}

TEST(DistanceCorrelationTest, BiasCorrectedMatchesKnownValues) {
  const Eigen::MatrixXd a = matrix_a(), b = column({1, 0, 0, 1});
  EXPECT_NEAR(core::distance_covariance_sq(a, b, DcovEstimator::kBiasCorrected), -2.6666667, 1e-7);
  EXPECT_NEAR(core::distance_correlation_sq(a, b, DcovEstimator::kBiasCorrected), -0.5, 1e-12);
  const std::vector<double> x = {1, 2, 3, 4, 5, 6}, y = {1, 7, 5, 5, 6, 2};
  EXPECT_NEAR(core::distance_covariance_sq(column(x), column(y), DcovEstimator::kBiasCorrected),
              -8.0 / 9.0, 1e-12);
  EXPECT_NEAR(core::distance_covariance_sq(column(x), column(x), DcovEstimator::kBiasCorrected),
              14.0 / 9.0, 1e-12);
  // The fast 1-D path gives the same U-statistics.
  EXPECT_NEAR(core::distance_covariance_sq_1d(x, y, DcovEstimator::kBiasCorrected), -8.0 / 9.0,
              1e-12);
  EXPECT_NEAR(core::distance_covariance_sq_1d(x, x, DcovEstimator::kBiasCorrected), 14.0 / 9.0,
              1e-12);
}

TEST(DistanceCorrelationTest, FastAgreesWithQuadraticIncludingTies) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal;
  std::uniform_int_distribution<int> level(0, 5);  // many ties, like knob levels
  for (int trial = 0; trial < 20; ++trial) {
    const std::size_t n = 5 + static_cast<std::size_t>(trial) * 7;
    std::vector<double> x(n), y(n);
    for (std::size_t i = 0; i < n; ++i) {
      x[i] = trial % 2 ? level(rng) : normal(rng) * 100.0 + 1000.0;
      y[i] = std::sin(x[i]) + 0.3 * normal(rng) + (trial % 3 == 0 ? level(rng) : 0);
    }
    for (DcovEstimator e : {DcovEstimator::kBiased, DcovEstimator::kBiasCorrected}) {
      const double slow = core::distance_covariance_sq(column(x), column(y), e);
      const double fast = core::distance_covariance_sq_1d(x, y, e);
      EXPECT_NEAR(fast, slow, 1e-9 * (1 + std::abs(slow))) << "n=" << n;
      EXPECT_NEAR(core::distance_correlation_sq_1d(x, y, e),
                  core::distance_correlation_sq(column(x), column(y), e), 1e-9);
    }
  }
}

// CORAL prepares each knob and each metric once and pairs them many times:
// a prepared sample must carry no state from one pairing into the next, on
// either side of the pairing.
TEST(DistanceCorrelationTest, PreparedSampleIsReusableAcrossPartners) {
  std::mt19937_64 rng(11);
  std::normal_distribution<double> normal;
  std::uniform_int_distribution<int> level(0, 4);
  const std::size_t n = 30;
  std::vector<double> knob(n);
  for (double& v : knob) v = level(rng);
  const core::DistanceSample prepared(knob);
  const double knob_var = core::distance_covariance_sq(column(knob), column(knob));
  for (int partner = 0; partner < 4; ++partner) {
    std::vector<double> metric(n);
    for (std::size_t i = 0; i < n; ++i)
      metric[i] = std::exp(0.3 * knob[i] * (partner - 1.5)) + normal(rng);
    const core::DistanceSample other(metric);
    for (DcovEstimator e : {DcovEstimator::kBiased, DcovEstimator::kBiasCorrected}) {
      const double slow = core::distance_covariance_sq(column(knob), column(metric), e);
      EXPECT_NEAR(prepared.covariance_sq(other, e), slow, 1e-9 * (1 + std::abs(slow)));
      EXPECT_NEAR(other.covariance_sq(prepared, e), slow, 1e-9 * (1 + std::abs(slow)));
      EXPECT_NEAR(core::distance_correlation_sq_1d(prepared, other, e),
                  core::distance_correlation_sq(column(knob), column(metric), e), 1e-9);
    }
    EXPECT_NEAR(prepared.variance_sq(DcovEstimator::kBiased), knob_var, 1e-9 * knob_var);
  }
}

TEST(DistanceCorrelationTest, SeesDependenceThatPearsonMisses) {
  std::vector<double> x, y;
  for (int i = -50; i <= 50; ++i) {
    x.push_back(i / 10.0);
    y.push_back(x.back() * x.back());
  }
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) mx += x[i], my += y[i];
  mx /= x.size(), my /= y.size();
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  EXPECT_NEAR(sxy / std::sqrt(sxx * syy), 0.0, 1e-12);
  EXPECT_GT(core::distance_correlation_1d(x, y), 0.4);
}

TEST(DistanceCorrelationTest, IndependentIsNearZeroAndIdenticalIsOne) {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> normal;
  std::vector<double> x(5000), y(5000);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = normal(rng), y[i] = normal(rng);
  EXPECT_LT(core::distance_correlation_1d(x, y), 0.1);
  EXPECT_NEAR(core::distance_correlation_1d(x, x), 1.0, 1e-9);
  std::vector<double> affine(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) affine[i] = -3.0 * x[i] + 7.0;
  EXPECT_NEAR(core::distance_correlation_1d(x, affine), 1.0, 1e-9);
}

TEST(DistanceCorrelationTest, ConstantGivesZeroNotNan) {
  const std::vector<double> x = {1, 2, 3, 4, 5}, c = {2, 2, 2, 2, 2};
  EXPECT_EQ(core::distance_correlation_1d(x, c), 0.0);
  EXPECT_EQ(core::distance_correlation_sq(column(x), column(c)), 0.0);
  EXPECT_EQ(core::distance_correlation_sq_1d(c, c, DcovEstimator::kBiasCorrected), 0.0);
  EXPECT_EQ(core::distance_correlation_1d({1.0}, {2.0}), 0.0);
}

}  // namespace
