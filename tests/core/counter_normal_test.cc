// Counter-based normals: a pure function of (key, index, k), standard normal
// in distribution, the pair's two draws independent.
#include "core/counter_normal.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace {

TEST(CounterNormalTest, APureFunctionOfKeyIndexAndCount) {
  const core::NormalPair a = core::counter_normals(7, 12, 3);
  const core::NormalPair b = core::counter_normals(7, 12, 3);
  EXPECT_EQ(a.first, b.first);
  EXPECT_EQ(a.second, b.second);
  // Each coordinate of the counter changes the draw.
  for (const core::NormalPair& other :
       {core::counter_normals(8, 12, 3), core::counter_normals(7, 13, 3),
        core::counter_normals(7, 12, 4)}) {
    EXPECT_NE(a.first, other.first);
    EXPECT_NE(a.second, other.second);
  }
}

// Kolmogorov-Smirnov distance of the first and second draws to the standard
// normal, their moments and their correlation over 100,000 counters.
TEST(CounterNormalTest, DrawsAreIndependentStandardNormals) {
  const int n = 100000;
  std::vector<double> first, second;
  double cross = 0;
  for (int i = 0; i < n; ++i) {
    const core::NormalPair z =
        core::counter_normals(42, static_cast<std::uint64_t>(i % 1000), i / 1000);
    first.push_back(z.first);
    second.push_back(z.second);
    cross += z.first * z.second;
  }
  for (std::vector<double>* draws : {&first, &second}) {
    std::sort(draws->begin(), draws->end());
    double sum = 0, sum_sq = 0, ks = 0;
    for (int i = 0; i < n; ++i) {
      const double x = (*draws)[static_cast<std::size_t>(i)];
      sum += x;
      sum_sq += x * x;
      const double cdf = 0.5 * std::erfc(-x / std::sqrt(2.0));
      ks = std::max({ks, std::abs(cdf - static_cast<double>(i) / n),
                     std::abs(cdf - static_cast<double>(i + 1) / n)});
    }
    EXPECT_NEAR(sum / n, 0.0, 4.0 / std::sqrt(n));
    EXPECT_NEAR(sum_sq / n, 1.0, 4.0 * std::sqrt(2.0 / n));
    // The KS critical value at alpha = 0.001 is 1.95 / sqrt(n).
    EXPECT_LT(ks, 1.95 / std::sqrt(n));
  }
  EXPECT_NEAR(cross / n, 0.0, 4.0 / std::sqrt(n));
}

}  // namespace
