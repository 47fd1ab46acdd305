// Rank tests for paired and blocked comparisons of methods, as a paper on
// optimizers reports them (Demšar 2006, JMLR 7:1-30): the Wilcoxon
// signed-rank test for two methods, the Friedman test and the Nemenyi
// critical difference for several, Holm's step-down correction for a family
// of p-values, and the exact binomial (McNemar) test on discordant pairs.
// Every p-value is two-sided. Checked against scipy.stats in
// tests/python/test_verdicts.py. NaN values and ragged blocks are refused
// (core::InputError).
#ifndef EDGETUNE_EXPERIMENTS_STATS_RANK_TESTS_H_
#define EDGETUNE_EXPERIMENTS_STATS_RANK_TESTS_H_

#include <cstddef>
#include <vector>

namespace experiments {

// Average ranks (1-based, ties share the mean of their ranks), as
// scipy.stats.rankdata.
std::vector<double> average_ranks(const std::vector<double>& values);

struct WilcoxonResult {
  double statistic = 0.0;  // min(R+, R-)
  double r_plus = 0.0;     // rank sum of the positive differences
  double r_minus = 0.0;    // ... and of the negative ones
  double p_value = 1.0;
  bool exact = false;  // exact null distribution, else the normal approximation
  std::size_t n = 0;   // differences
  std::size_t zeros = 0;
};

// The Wilcoxon signed-rank test of `differences` against a zero median.
// Exact (the null distribution of R+ by counting) when n <= 50 with no zero
// and no tied |difference|; otherwise the normal approximation with Pratt's
// treatment of zeros (ranked, then left out, with Cureton's correction of the
// mean and variance) and the tie correction of the variance, no continuity
// correction: scipy.stats.wilcoxon(d, zero_method="pratt") in its "exact"
// and "approx" modes. All differences zero: p = 1.
WilcoxonResult wilcoxon_signed_rank(const std::vector<double>& differences);

// Two-sided exact binomial test of k successes in n trials at p = 1/2
// (scipy.stats.binomtest(k, n).pvalue): McNemar's exact test when k and
// n - k are the two kinds of discordant pairs. n = 0: p = 1.
double binomial_test_half(std::size_t k, std::size_t n);

// Holm's step-down adjusted p-values (Holm 1979), in the input's order:
// the i-th smallest is max over j <= i of min(1, (m - j + 1) p_(j)).
std::vector<double> holm_adjust(const std::vector<double>& p_values);

struct FriedmanResult {
  double statistic = 0.0;  // chi-square, tie-corrected
  double p_value = 1.0;
  std::vector<double> mean_ranks;  // per method; rank 1 = best
  std::size_t blocks = 0;
  // Nemenyi's critical difference of mean ranks at `alpha`
  // (q_alpha / sqrt(2) * sqrt(k (k + 1) / (6 N)), q from the studentized
  // range with infinite degrees of freedom).
  double critical_difference = 0.0;
};

// The Friedman test over blocks (rows: cells) of k >= 2 methods' values
// (columns), larger is better: scipy.stats.friedmanchisquare's statistic and
// p-value, and the Nemenyi critical difference at `alpha`.
FriedmanResult friedman_test(const std::vector<std::vector<double>>& blocks, double alpha = 0.05);

// The upper `alpha` quantile of the studentized range of k standard normals
// (infinite degrees of freedom), by quadrature and bisection.
double studentized_range_quantile(std::size_t k, double alpha);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_STATS_RANK_TESTS_H_
