#include "core/optimizers/shared/bounded_argmax.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace {

using Candidates = std::vector<std::pair<double, Eigen::Index>>;

// The answer scoring every candidate gives: highest score, lowest index
// among equals, -1 when no score is positive.
std::pair<Eigen::Index, double> brute_force(const std::vector<double>& score) {
  std::pair<Eigen::Index, double> best{-1, 0.0};
  for (std::size_t i = 0; i < score.size(); ++i) {
    if (score[i] > best.second) best = {static_cast<Eigen::Index>(i), score[i]};
  }
  return best;
}

TEST(BoundedArgmaxTest, AgreesWithScoringEveryCandidate) {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int trial = 0; trial < 500; ++trial) {
    const std::size_t n = 1 + static_cast<std::size_t>(trial % 60);
    std::vector<double> score(n);
    Candidates by_bound;
    for (std::size_t i = 0; i < n; ++i) {
      // Zeros (infeasible), repeated values (ties) and exact bounds all occur.
      const double u = unit(rng);
      score[i] = u < 0.2 ? 0.0 : u < 0.4 ? 0.5 : unit(rng);
      const double slack = unit(rng) < 0.3 ? 0.0 : unit(rng) * (trial % 3 == 0 ? 2.0 : 0.1);
      by_bound.emplace_back(score[i] + slack, static_cast<Eigen::Index>(i));
    }
    std::shuffle(by_bound.begin(), by_bound.end(), rng);
    std::vector<int> times_scored(n, 0);
    const auto got = core::bounded_argmax(by_bound, [&](const std::vector<Eigen::Index>& batch) {
      std::vector<double> out;
      for (Eigen::Index i : batch) {
        ++times_scored[static_cast<std::size_t>(i)];
        out.push_back(score[static_cast<std::size_t>(i)]);
      }
      return out;
    });
    const auto want = brute_force(score);
    EXPECT_EQ(got.first, want.first) << "trial " << trial;
    EXPECT_EQ(got.second, want.second) << "trial " << trial;
    for (int t : times_scored) EXPECT_LE(t, 1) << "a candidate was scored twice";
  }
}

TEST(BoundedArgmaxTest, ScoresOnlyCandidatesWhoseBoundCanWin) {
  // One clear winner with a tight bound; every other bound is below its
  // score, so only the winner may be scored.
  Candidates by_bound;
  for (Eigen::Index i = 0; i < 100; ++i) by_bound.emplace_back(i == 42 ? 0.9 : 0.01 * (i % 50), i);
  int scored = 0;
  const auto got = core::bounded_argmax(by_bound, [&](const std::vector<Eigen::Index>& batch) {
    scored += static_cast<int>(batch.size());
    std::vector<double> out;
    for (Eigen::Index i : batch) out.push_back(i == 42 ? 0.8 : 0.0);
    return out;
  });
  EXPECT_EQ(got.first, 42);
  EXPECT_EQ(got.second, 0.8);
  EXPECT_EQ(scored, 1);
}

TEST(BoundedArgmaxTest, NothingPositiveMeansNoCandidate) {
  int scored = 0;
  auto zero = [&](const std::vector<Eigen::Index>& batch) {
    scored += static_cast<int>(batch.size());
    return std::vector<double>(batch.size(), 0.0);
  };
  EXPECT_EQ(core::bounded_argmax(Candidates{}, zero).first, -1);
  EXPECT_EQ(core::bounded_argmax(Candidates{{0.0, 0}, {0.0, 1}}, zero).first, -1);
  EXPECT_EQ(scored, 0) << "a zero bound rules a candidate out without scoring it";
  EXPECT_EQ(core::bounded_argmax(Candidates{{0.3, 0}, {0.2, 1}}, zero).first, -1);
}

}  // namespace
