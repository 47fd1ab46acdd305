// The Matern 5/2 GP behind bo: interpolation, uncertainty, and length
// scales chosen by marginal likelihood.
#include "core/optimizers/shared/matern_gp.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace {

TEST(MaternGpTest, InterpolatesAndIsUncertainAwayFromData) {
  Eigen::MatrixXd x(6, 1);
  x << 0.0, 0.2, 0.4, 0.6, 0.8, 1.0;
  const Eigen::VectorXd y = (x.col(0).array() * 3.0).sin().matrix();
  core::MaternGp gp;
  gp.fit(x, y);
  Eigen::VectorXd mean, sd;
  gp.predict(x, mean, sd);
  EXPECT_LT((mean - y).cwiseAbs().maxCoeff(), 0.05);
  const double sd_at_data = sd[2];
  Eigen::MatrixXd far(2, 1);
  far << 0.5, 3.0;
  gp.predict(far, mean, sd);
  EXPECT_NEAR(mean[0], std::sin(1.5), 0.05);  // between data points
  EXPECT_LT(sd_at_data, 0.1 * sd[1]);         // known where measured
  EXPECT_GT(sd[1], 2 * sd[0]);                // least known far outside the data
}

TEST(MaternGpTest, MarginalLikelihoodPicksLongerScalesForSlowerFunctions) {
  Eigen::MatrixXd x(15, 1);
  for (int i = 0; i < 15; ++i) x(i, 0) = i / 14.0;
  core::MaternGp slow, fast;
  slow.fit(x, (x.col(0).array() * 2.0).sin().matrix());
  fast.fit(x, (x.col(0).array() * 25.0).sin().matrix());
  EXPECT_GT(slow.length_scales()[0], 2 * fast.length_scales()[0]);
  EXPECT_GT(slow.log_marginal_likelihood(), fast.log_marginal_likelihood());
}

TEST(MaternGpTest, ArdFindsTheIrrelevantKnob) {
  // y depends on the first coordinate only.
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> unit(0, 1);
  Eigen::MatrixXd x(25, 2);
  for (int i = 0; i < 25; ++i) x.row(i) << unit(rng), unit(rng);
  core::MaternGp gp;
  gp.fit(x, (x.col(0).array() * 4.0).sin().matrix());
  EXPECT_GT(gp.length_scales()[1], gp.length_scales()[0]);
}

TEST(MaternGpTest, TheSdBoundHoldsAndSdAtSomeRowsIsPredictsSd) {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> unit(0, 1);
  Eigen::MatrixXd x(20, 3), points(300, 3);
  for (int i = 0; i < 20; ++i) x.row(i) << unit(rng), unit(rng), unit(rng);
  for (int i = 0; i < 300; ++i) points.row(i) << unit(rng), unit(rng), unit(rng);
  points.row(0) = x.row(4);  // at a training row the bound is tightest
  core::MaternGp gp;
  gp.fit(x, (x.col(0).array() * 3.0).sin().matrix() + x.col(2));
  Eigen::VectorXd mean, sd, split_mean, bound;
  Eigen::MatrixXd cross;
  gp.predict(points, mean, sd);
  gp.mean(points, split_mean, bound, cross);
  EXPECT_EQ(mean, split_mean);
  for (Eigen::Index i = 0; i < points.rows(); ++i) EXPECT_GE(bound[i], sd[i]) << "row " << i;
  EXPECT_LT(bound.minCoeff(), bound.maxCoeff());  // not one constant prior sd
  const Eigen::VectorXd some = gp.sd(cross, {7, 0, 299});
  EXPECT_EQ(some[0], sd[7]);
  EXPECT_EQ(some[1], sd[0]);
  EXPECT_EQ(some[2], sd[299]);
}

}  // namespace
