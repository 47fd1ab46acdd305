// The statistics against values worked out by hand or printed by scipy
// 1.10 (tests/python/test_stats.py checks many more against scipy itself).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/errors.h"
#include "experiments/stats/bootstrap.h"
#include "experiments/stats/pairwise_order.h"
#include "experiments/stats/performance_profile.h"
#include "experiments/stats/quantile.h"
#include "experiments/stats/rank_correlation.h"
#include "experiments/stats/rank_tests.h"

namespace {

using namespace experiments;

TEST(StatsTest, PercentileInterpolatesLikeNumpy) {
  // numpy.percentile([1, 2, 3, 4], [10, 50]) == [1.3, 2.5]
  EXPECT_DOUBLE_EQ(percentile({4, 1, 3, 2}, 0.1), 1.3);
  EXPECT_DOUBLE_EQ(percentile({4, 1, 3, 2}, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(percentile({7}, 0.1), 7.0);
  EXPECT_DOUBLE_EQ(percentile({}, 0.5), 0.0);
  EXPECT_DOUBLE_EQ(percentile({5, 1, 9, 3, 7}, 0.9), 8.2);
}

TEST(StatsTest, AverageRanksShareTies) {
  EXPECT_EQ(average_ranks({10, 20, 20, 5}), (std::vector<double>{2, 3.5, 3.5, 1}));
}

// n = 6, no ties: the exact null distribution. R- = 1 + 3 = 4 (the ranks of
// -0.1 and -0.3); P(R- <= 4) = 7/64 (the sign patterns {}, {1}, {2}, {3},
// {1,2}, {4}, {1,3}), two-sided 14/64
// (scipy.stats.wilcoxon([-0.1, 0.2, -0.3, 0.5, 0.8, 1.3]).pvalue == 0.21875).
TEST(StatsTest, WilcoxonExactForSmallUntiedSamples) {
  const WilcoxonResult w = wilcoxon_signed_rank({-0.1, 0.2, -0.3, 0.5, 0.8, 1.3});
  EXPECT_TRUE(w.exact);
  EXPECT_DOUBLE_EQ(w.statistic, 4.0);  // R- = 1 + 3
  EXPECT_NEAR(w.p_value, 0.21875, 1e-12);
}

// Zeros and ties: the normal approximation with Pratt's zeros and the tie
// correction. By hand: |d| = 0,1,1,2,3 ranked 1, 2.5, 2.5, 4, 5; R+ = 2.5 +
// 4 + 5 = 11.5, R- = 2.5, T = 2.5; n = 5, one zero: mean = (30 - 2)/4 = 7,
// var = (5*6*11 - 1*2*3 - 0.5*2*3)/24 = 321/24; z = -4.5/sqrt(13.375).
TEST(StatsTest, WilcoxonNormalApproximationCorrectsZerosAndTies) {
  const WilcoxonResult w = wilcoxon_signed_rank({0, 1, -1, 2, 3});
  EXPECT_FALSE(w.exact);
  EXPECT_EQ(w.zeros, 1u);
  const double z = -4.5 / std::sqrt(321.0 / 24.0);
  EXPECT_NEAR(w.p_value, std::erfc(std::abs(z) / std::sqrt(2.0)), 1e-12);
  EXPECT_NEAR(w.p_value, 0.21852689230919908, 1e-12);  // scipy, zero_method="pratt"
  EXPECT_DOUBLE_EQ(wilcoxon_signed_rank({0, 0, 0}).p_value, 1.0);
}

TEST(StatsTest, BinomialTestIsTwoSidedAndExact) {
  // 2 of 10 at 1/2: 2 * (1 + 10 + 45) / 1024.
  EXPECT_NEAR(binomial_test_half(2, 10), 2.0 * 56.0 / 1024.0, 1e-12);
  EXPECT_NEAR(binomial_test_half(8, 10), 2.0 * 56.0 / 1024.0, 1e-12);
  EXPECT_DOUBLE_EQ(binomial_test_half(5, 10), 1.0);
  EXPECT_DOUBLE_EQ(binomial_test_half(0, 0), 1.0);
}

TEST(StatsTest, HolmStepsDownAndStaysMonotone) {
  // Sorted 0.01, 0.02, 0.04 (m = 3): 0.03, 0.04, 0.04 (the last raised to
  // the running maximum).
  const std::vector<double> adjusted = holm_adjust({0.04, 0.01, 0.02});
  EXPECT_NEAR(adjusted[0], 0.04, 1e-12);
  EXPECT_NEAR(adjusted[1], 0.03, 1e-12);
  EXPECT_NEAR(adjusted[2], 0.04, 1e-12);
  EXPECT_DOUBLE_EQ(holm_adjust({0.6, 0.5})[0], 1.0);
}

// Demšar (2006) Table 6: q_0.05 for k = 2..5 is 1.960, 2.343, 2.569, 2.728
// (the studentized range over sqrt(2)).
TEST(StatsTest, NemenyiCriticalValuesMatchDemsar) {
  const double expected[] = {1.960, 2.343, 2.569, 2.728};
  for (std::size_t k = 2; k <= 5; ++k) {
    EXPECT_NEAR(studentized_range_quantile(k, 0.05) / std::sqrt(2.0), expected[k - 2], 2e-3) << k;
  }
}

TEST(StatsTest, FriedmanRanksLargerAsBetter) {
  // Method 0 best in every block, method 2 worst: ranks 1, 2, 3; chi2 =
  // 12/(4*3*4) * (16 + 64 + 144) - 3*4*4 = 8, p = exp(-4).
  const std::vector<std::vector<double>> blocks(4, std::vector<double>{0.9, 0.5, 0.1});
  const FriedmanResult f = friedman_test(blocks);
  EXPECT_EQ(f.mean_ranks, (std::vector<double>{1, 2, 3}));
  EXPECT_NEAR(f.statistic, 8.0, 1e-12);
  EXPECT_NEAR(f.p_value, std::exp(-4.0), 1e-12);
  EXPECT_NEAR(f.critical_difference, 2.343 * std::sqrt(3.0 * 4.0 / (6.0 * 4.0)), 2e-3);
}

TEST(StatsTest, PerformanceProfilesShareOfCellsWithinTau) {
  // Cells: (1, 0.5), (0.8, 1), (0, 0.9). Method 0: best, 1.25x, never.
  const auto rho = performance_profiles({{1, 0.5}, {0.8, 1}, {0, 0.9}}, {1.0, 1.3, 2.0});
  EXPECT_NEAR(rho[0][0], 1.0 / 3, 1e-12);
  EXPECT_NEAR(rho[0][1], 2.0 / 3, 1e-12);
  EXPECT_NEAR(rho[0][2], 2.0 / 3, 1e-12);
  EXPECT_NEAR(rho[1][0], 2.0 / 3, 1e-12);
  EXPECT_NEAR(rho[1][2], 1.0, 1e-12);
}

// The interval is reproducible from the seed, brackets the statistic, and
// covers the true median about 95% of the time on normal samples.
TEST(StatsTest, BootstrapIntervalIsSeededAndCovers) {
  std::vector<double> sample;
  for (int i = 0; i < 60; ++i) sample.push_back(std::sin(i * 1.7) * 3.0);
  const Interval a = bootstrap_interval(sample, median_of, 5),
                 b = bootstrap_interval(sample, median_of, 5);
  EXPECT_EQ(a.low, b.low);
  EXPECT_EQ(a.high, b.high);
  std::vector<double> copy = sample;
  const double median = median_of(copy);
  EXPECT_LE(a.low, median);
  EXPECT_GE(a.high, median);
  EXPECT_EQ(bootstrap_interval({2.5}, median_of, 1).low, 2.5);
}

TEST(StatsTest, NanRaggedBlocksAndNoResamplesAreRefused) {
  EXPECT_THROW(wilcoxon_signed_rank({0.1, NAN, 0.2}), core::InputError);
  EXPECT_THROW(percentile({1.0, NAN}, 0.5), core::InputError);
  EXPECT_THROW(friedman_test({{1, 2, 3}, {1, 2}}), core::InputError);
  EXPECT_THROW(performance_profiles({{1, 2}, {1}}, {1.0}), core::InputError);
  EXPECT_THROW(bootstrap_interval({1, 2}, median_of, 0, 0), core::InputError);
  EXPECT_THROW(binomial_test_half(3, 2), core::InputError);
}

}  // namespace

// Kendall's tau-b, counted by hand: 6 concordant and 4 discordant pairs of
// ten; with ties, 5 and 3 of ten with one tied pair in each ranking.
TEST(RankCorrelationTest, KendallTauBMatchesHandCounts) {
  EXPECT_DOUBLE_EQ(experiments::kendall_tau_b({1, 2, 3, 4, 5}, {3, 4, 1, 2, 5}), 0.2);
  EXPECT_DOUBLE_EQ(experiments::kendall_tau_b({1, 2, 2, 4, 5}, {3, 3, 1, 2, 5}), 2.0 / 9.0);
  EXPECT_DOUBLE_EQ(experiments::kendall_tau_b({0.9, 0.8, 0.7}, {0.7, 0.8, 0.9}), -1.0);
  EXPECT_DOUBLE_EQ(experiments::kendall_tau_b({0.9, 0.8, 0.7}, {9, 8, 7}), 1.0);
  EXPECT_TRUE(std::isnan(experiments::kendall_tau_b({1, 1, 1}, {1, 2, 3})));
  EXPECT_THROW(experiments::kendall_tau_b({1, 2}, {1}), core::InputError);
  EXPECT_THROW(experiments::kendall_tau_b({1, NAN}, {1, 2}), core::InputError);
  // Three of five tied: 7 of 10 pairs can agree, and a ranking that gets
  // all of them right reaches exactly the ceiling.
  const std::vector<double> tied = {1.0, 1.0, 1.0, 0.9, 0.0};
  EXPECT_DOUBLE_EQ(experiments::kendall_tau_b_ceiling(tied), std::sqrt(0.7));
  EXPECT_DOUBLE_EQ(experiments::kendall_tau_b({0.99, 0.98, 0.97, 0.9, 0.0}, tied), std::sqrt(0.7));
  EXPECT_DOUBLE_EQ(experiments::kendall_tau_b_ceiling({3, 2, 1}), 1.0);
}

// Three methods over 12 cells: 0 beats 1 by 0.1-0.111 in every cell (resolved:
// the exact two-sided Wilcoxon p is 2/4096, x3 by Holm), 1 and 2 differ by
// +-0.01 alternately (not resolved), 0 beats 2 everywhere (resolved).
TEST(PairwiseOrderTest, ResolvedPairsAndTheirAgreement) {
  std::vector<std::vector<double>> truth(3, std::vector<double>(12));
  for (std::size_t k = 0; k < 12; ++k) {
    truth[1][k] = 0.5 + 0.001 * static_cast<double>(k);
    truth[0][k] = truth[1][k] + 0.1 + 0.001 * static_cast<double>(k);
    truth[2][k] = truth[1][k] + (k % 2 ? 0.01 : -0.01) * (1.0 + 0.1 * static_cast<double>(k));
  }
  const std::vector<experiments::PairwiseOrder> orders = experiments::pairwise_orders(truth);
  ASSERT_EQ(orders.size(), 3u);
  EXPECT_EQ(orders[0].first, 0u);
  EXPECT_EQ(orders[0].second, 1u);
  EXPECT_EQ(orders[0].direction, 1);
  EXPECT_NEAR(orders[0].holm_p, 3 * 2.0 / 4096, 1e-12);
  EXPECT_EQ(orders[1].direction, 1);  // (0, 2)
  EXPECT_GT(orders[2].holm_p, 0.05);  // (1, 2)
  EXPECT_EQ(experiments::resolved_pairs(orders), 2u);
  EXPECT_DOUBLE_EQ(experiments::resolved_order_agreement(orders, orders), 1.0);

  // Another replay that puts 1 ahead of 0 (reversed) and 0 ahead of 2
  // (kept): (-1 + 1) / 2; the unresolved pair does not count.
  std::vector<std::vector<double>> other = {truth[1], truth[0], truth[1]};
  for (double& v : other[2]) v -= 0.05;
  const std::vector<experiments::PairwiseOrder> replay = experiments::pairwise_orders(other);
  EXPECT_EQ(replay[0].direction, -1);
  EXPECT_EQ(replay[1].direction, 1);
  EXPECT_DOUBLE_EQ(experiments::resolved_order_agreement(orders, replay), 0.0);
  // A replay that leaves every method level counts as neither.
  const std::vector<std::vector<double>> level(3, std::vector<double>(12, 0.9));
  EXPECT_DOUBLE_EQ(
      experiments::resolved_order_agreement(orders, experiments::pairwise_orders(level)), 0.0);
  EXPECT_TRUE(std::isnan(experiments::resolved_order_agreement(
      experiments::pairwise_orders(level), experiments::pairwise_orders(level))));
  EXPECT_THROW(experiments::pairwise_orders({{1, 2}, {1}}), core::InputError);
  EXPECT_THROW(experiments::resolved_order_agreement(orders, {}), core::InputError);
}
