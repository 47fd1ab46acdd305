// The kernel bo evaluates most: bit for bit what Eigen's expression gives on
// plain x86-64, on the AVX2 path and off it.
#include "core/optimizers/shared/matern52.h"

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <cstring>
#include <random>

namespace {

// The formula as bo wrote it before the kernel had a file of its own.
Eigen::ArrayXXd eigen_matern52(const Eigen::ArrayXXd& r2) {
  const Eigen::ArrayXXd r = r2.cwiseMax(0.0).sqrt() * std::sqrt(5.0);
  return (1.0 + r + r.square() / 3.0) * (-r).exp();
}

TEST(Matern52Test, BitIdenticalToEigensExpressionOnEveryPath) {
  std::mt19937_64 rng(4);
  std::uniform_real_distribution<double> near(0.0, 4.0), far(0.0, 3000.0);
  for (Eigen::Index rows : {1, 2, 3, 5, 8, 17, 1000}) {
    for (Eigen::Index cols : {1, 3, 4, 19}) {
      Eigen::ArrayXXd r2(rows, cols);
      for (Eigen::Index i = 0; i < r2.size(); ++i) r2(i) = i % 7 == 0 ? far(rng) : near(rng);
      r2(0) = 0.0;
      if (r2.size() > 1) r2(1) = -1e-17;  // a rounding below 0 counts as 0
      const Eigen::ArrayXXd expected = eigen_matern52(r2);
      Eigen::ArrayXXd fast(rows, cols), portable(rows, cols);
      core::matern52(r2.data(), fast.data(), static_cast<std::size_t>(r2.size()));
      core::matern52_portable(r2.data(), portable.data(), static_cast<std::size_t>(r2.size()));
      const std::size_t bytes = sizeof(double) * static_cast<std::size_t>(r2.size());
      EXPECT_EQ(std::memcmp(fast.data(), expected.data(), bytes), 0) << rows << " x " << cols;
      EXPECT_EQ(std::memcmp(portable.data(), expected.data(), bytes), 0) << rows << " x " << cols;
    }
  }
}

TEST(Matern52Test, IsTheMatern52Kernel) {
  const double r2[] = {0.0, 0.04, 1.0, 9.0};
  double k[4];
  core::matern52(r2, k, 4);
  for (int i = 0; i < 4; ++i) {
    const double r = std::sqrt(5.0 * r2[i]);
    EXPECT_NEAR(k[i], (1.0 + r + r * r / 3.0) * std::exp(-r), 1e-15);
  }
  EXPECT_EQ(k[0], 1.0);
}

}  // namespace
