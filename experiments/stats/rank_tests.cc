#include "experiments/stats/rank_tests.h"

#include <algorithm>
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <numeric>
#include <string>

#include "core/errors.h"

namespace experiments {
namespace {

// Sizes of the groups of equal values in `sorted`.
std::vector<double> tie_groups(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  std::vector<double> groups;
  for (std::size_t i = 0; i < values.size();) {
    std::size_t j = i + 1;
    while (j < values.size() && values[j] == values[i]) ++j;
    if (j - i > 1) groups.push_back(static_cast<double>(j - i));
    i = j;
  }
  return groups;
}

// P(R+ <= r) and P(R+ >= r) under the null for n untied, nonzero
// differences: each rank's sign is a fair coin, counted by dynamic
// programming over the 2^n sign patterns (n <= 50 keeps counts exact in a
// double: at most 2^50).
double exact_two_sided(std::size_t n, double r_plus) {
  const std::size_t max_sum = n * (n + 1) / 2;
  std::vector<double> ways(max_sum + 1, 0.0);
  ways[0] = 1.0;
  for (std::size_t rank = 1; rank <= n; ++rank) {
    for (std::size_t s = max_sum; s >= rank; --s) ways[s] += ways[s - rank];
  }
  const double total = std::ldexp(1.0, static_cast<int>(n));
  const std::size_t r = static_cast<std::size_t>(std::llround(r_plus));
  double below = 0.0, above = 0.0;
  for (std::size_t s = 0; s <= max_sum; ++s) {
    if (s <= r) below += ways[s];
    if (s >= r) above += ways[s];
  }
  return std::min(1.0, 2.0 * std::min(below, above) / total);
}

void check_numbers(const std::vector<double>& values, const char* what) {
  for (double v : values) {
    if (std::isnan(v)) throw core::InputError(std::string(what) + ": a value is NaN");
  }
}

}  // namespace

std::vector<double> average_ranks(const std::vector<double>& values) {
  check_numbers(values, "ranks");
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i + 1;
    while (j < order.size() && values[order[j]] == values[order[i]]) ++j;
    const double rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
    for (std::size_t t = i; t < j; ++t) ranks[order[t]] = rank;
    i = j;
  }
  return ranks;
}

WilcoxonResult wilcoxon_signed_rank(const std::vector<double>& differences) {
  check_numbers(differences, "Wilcoxon signed-rank test");
  WilcoxonResult result;
  result.n = differences.size();
  std::vector<double> magnitude;
  for (double d : differences) {
    magnitude.push_back(std::abs(d));
    result.zeros += d == 0.0;
  }
  if (result.zeros == result.n) return result;  // no evidence either way
  const std::vector<double> ranks = average_ranks(magnitude);
  double r_plus = 0.0, r_minus = 0.0;
  std::vector<double> nonzero_ranks;
  for (std::size_t i = 0; i < differences.size(); ++i) {
    if (differences[i] > 0) r_plus += ranks[i];
    if (differences[i] < 0) r_minus += ranks[i];
    if (differences[i] != 0) nonzero_ranks.push_back(ranks[i]);
  }
  result.r_plus = r_plus;
  result.r_minus = r_minus;
  result.statistic = std::min(r_plus, r_minus);
  const std::vector<double> ties = tie_groups(nonzero_ranks);
  const double n = static_cast<double>(result.n);
  if (result.n <= 50 && result.zeros == 0 && ties.empty()) {
    result.exact = true;
    result.p_value = exact_two_sided(result.n, r_plus);
    return result;
  }
  const double z0 = static_cast<double>(result.zeros);
  const double mean = (n * (n + 1) - z0 * (z0 + 1)) / 4.0;
  double variance = n * (n + 1) * (2 * n + 1) - z0 * (z0 + 1) * (2 * z0 + 1);
  for (double t : ties) variance -= 0.5 * t * (t * t - 1);
  variance /= 24.0;
  if (!(variance > 0)) return result;
  const double z = (result.statistic - mean) / std::sqrt(variance);
  result.p_value = std::min(1.0, 2.0 * boost::math::cdf(boost::math::complement(
                                           boost::math::normal_distribution<>(), std::abs(z))));
  return result;
}

double binomial_test_half(std::size_t k, std::size_t n) {
  if (k > n) throw core::InputError("binomial test: more successes than trials");
  if (n == 0) return 1.0;
  const boost::math::binomial_distribution<> binomial(static_cast<double>(n), 0.5);
  const double tail = boost::math::cdf(binomial, static_cast<double>(std::min(k, n - k)));
  return std::min(1.0, 2.0 * tail);
}

std::vector<double> holm_adjust(const std::vector<double>& p_values) {
  const std::size_t m = p_values.size();
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return p_values[a] < p_values[b]; });
  std::vector<double> adjusted(m);
  double running = 0.0;
  for (std::size_t j = 0; j < m; ++j) {
    running = std::max(running, std::min(1.0, static_cast<double>(m - j) * p_values[order[j]]));
    adjusted[order[j]] = running;
  }
  return adjusted;
}

double studentized_range_quantile(std::size_t k, double alpha) {
  // P(range of k iid N(0,1) <= q) = k * integral phi(z) [Phi(z) - Phi(z - q)]^(k-1) dz
  // (Tukey's studentized range with df = infinity), by Simpson's rule.
  const boost::math::normal_distribution<> normal;
  const auto cdf_of_range = [&](double q) {
    const int steps = 2000;
    const double lo = -8.0, hi = 8.0, h = (hi - lo) / steps;
    double sum = 0.0;
    for (int i = 0; i <= steps; ++i) {
      const double z = lo + i * h;
      const double f = boost::math::pdf(normal, z) *
                       std::pow(boost::math::cdf(normal, z) - boost::math::cdf(normal, z - q),
                                static_cast<double>(k - 1));
      sum += f * (i == 0 || i == steps ? 1 : (i % 2 ? 4 : 2));
    }
    return static_cast<double>(k) * sum * h / 3.0;
  };
  double low = 0.0, high = 20.0;
  for (int i = 0; i < 60; ++i) {
    const double mid = (low + high) / 2.0;
    (cdf_of_range(mid) < 1.0 - alpha ? low : high) = mid;
  }
  return (low + high) / 2.0;
}

FriedmanResult friedman_test(const std::vector<std::vector<double>>& blocks, double alpha) {
  FriedmanResult result;
  result.blocks = blocks.size();
  if (blocks.empty() || blocks.front().size() < 2) return result;
  const std::size_t k = blocks.front().size();
  for (const std::vector<double>& block : blocks) {
    if (block.size() != k) throw core::InputError("Friedman test: blocks of different sizes");
  }
  result.mean_ranks.assign(k, 0.0);
  double ties = 0.0;
  for (const std::vector<double>& block : blocks) {
    // Larger is better, rank 1 = best: rank the negated values.
    std::vector<double> negated;
    for (double v : block) negated.push_back(-v);
    const std::vector<double> ranks = average_ranks(negated);
    for (std::size_t j = 0; j < k; ++j) result.mean_ranks[j] += ranks[j];
    for (double t : tie_groups(negated)) ties += t * t * t - t;
  }
  const double n = static_cast<double>(blocks.size()), kk = static_cast<double>(k);
  double sum_sq = 0.0;
  for (double& r : result.mean_ranks) {
    sum_sq += r * r;
    r /= n;
  }
  const double correction = 1.0 - ties / (n * (kk * kk * kk - kk));
  result.statistic = correction > 0
                         ? (12.0 / (n * kk * (kk + 1)) * sum_sq - 3.0 * n * (kk + 1)) / correction
                         : 0.0;
  result.p_value =
      correction > 0
          ? boost::math::cdf(boost::math::complement(
                boost::math::chi_squared_distribution<>(kk - 1), std::max(0.0, result.statistic)))
          : 1.0;
  result.critical_difference =
      studentized_range_quantile(k, alpha) / std::sqrt(2.0) * std::sqrt(kk * (kk + 1) / (6.0 * n));
  return result;
}

}  // namespace experiments
