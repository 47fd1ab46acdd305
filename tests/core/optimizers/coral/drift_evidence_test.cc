// CORAL's drift evidence: a repeat's deviation against hand-computed
// values, later readings adding up, and the CUSUM of surprises: seldom
// firing on centred noise, fast on a shift.
#include "core/optimizers/coral/drift_evidence.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace {

core::Measurement reading(double fps, double w) {
  core::Measurement m;
  m.config = core::Config{{0}};
  m.throughput_fps = fps;
  m.power_w = w;
  return m;
}

core::TrialHistory::Entry earlier(double fps, double w, int count) {
  core::TrialHistory::Entry e;
  e.count = count;
  e.mean_fps = fps;
  e.mean_w = w;
  return e;
}

// No re-measurements: the noise is the prior, 2%.
core::NoiseEstimate prior_noise() {
  core::NoiseEstimate noise(0.02, 2.5);
  core::TrialHistory none;
  noise.update(none);
  return noise;
}

TEST(DriftEvidenceTest, RepeatDeviationIsTheLogChangeInStandardErrors) {
  const core::NoiseEstimate noise = prior_noise();
  // A 20% derate after three readings: |ln 0.8| / (0.02 sqrt(1/3 + 1)).
  EXPECT_NEAR(core::repeat_deviation(earlier(10, 5, 3), 8, 5, 1, noise),
              std::log(1.25) / (0.02 * std::sqrt(4.0 / 3.0)), 1e-9);
  // Power 15% up after one reading: the larger of the two metrics counts.
  EXPECT_NEAR(core::repeat_deviation(earlier(10, 5, 1), 10.1, 5.75, 1, noise),
              std::log(1.15) / (0.02 * std::sqrt(2.0)), 1e-9);
  EXPECT_EQ(core::repeat_deviation(earlier(10, 5, 2), 10, 5, 1, noise), 0.0);
}

// Later readings that each agree within noise add up: a 5% drop is 2.1
// standard errors in one reading, 3.0 in the mean of four.
TEST(DriftEvidenceTest, LaterReadingsAddUp) {
  const core::NoiseEstimate noise = prior_noise();
  const double one = core::repeat_deviation(earlier(10, 5, 3), 9.5, 5, 1, noise);
  const double four = core::repeat_deviation(earlier(10, 5, 3), 9.5, 5, 4, noise);
  EXPECT_NEAR(one, -std::log(0.95) / (0.02 * std::sqrt(1.0 / 3 + 1.0)), 1e-9);
  EXPECT_NEAR(four, -std::log(0.95) / (0.02 * std::sqrt(1.0 / 3 + 1.0 / 4)), 1e-9);
  EXPECT_GT(four, 1.4 * one);
}

TEST(DriftEvidenceTest, NothingToCompareWithIsNoEvidence) {
  core::TrialHistory::Entry never = earlier(0, 0, 1);
  never.available = false;
  EXPECT_EQ(core::repeat_deviation(never, 10, 5, 1, prior_noise()), 0.0);
  EXPECT_EQ(core::repeat_deviation(earlier(10, 5, 1), std::nan(""), 5, 1, prior_noise()), 0.0);
}

TEST(DriftEvidenceTest, SurpriseIsSignedPerMetric) {
  const core::LogPrediction p{std::log(100.0), 0.03, std::log(10.0), 0.0};
  const core::Surprise s = core::surprise_deviation(p, reading(90, 10.5), prior_noise());
  EXPECT_NEAR(s.fps, std::log(0.9) / std::sqrt(0.03 * 0.03 + 0.02 * 0.02), 1e-9);
  EXPECT_NEAR(s.w, std::log(1.05) / 0.02, 1e-9);
}

TEST(DriftEvidenceTest, CusumStaysQuietOnCentredSurprisesAndFiresOnAShift) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> noise(0.0, 1.0);
  // A surrogate that is overconfident (deviations three times too small)
  // and leans optimistic (fps surprises centred at -1): stable all the same.
  int fired = 0;
  for (int run = 0; run < 200; ++run) {
    core::SurpriseDrift drift(0.5, 5.0);
    for (int i = 0; i < 25; ++i)
      fired += drift.add({-1.0 + 3.0 * noise(rng), 3.0 * noise(rng)}) ? 1 : 0;
  }
  // Each firing costs a stable run one sentinel trial (no alarm: the
  // sentinel must be off too); CORAL's scale is estimated from the
  // surprises so far, so it fires more often than a CUSUM that knew it
  // (3.2% of surprises here, 1-2% with the true scale).
  EXPECT_LE(fired, 200 * 25 / 20) << "of 200 stable runs of 25 surprises";
  EXPECT_GT(fired, 0) << "some firings on stable runs are the price of a fast one on drift";
  // Then every reading 20% low where the model expected 3% spread: fires
  // within three surprises, and not before five were seen.
  core::SurpriseDrift drift(0.5, 5.0);
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(drift.add({-9, 0}));
  for (int i = 0; i < 10; ++i) drift.add({0.3 * noise(rng), 0.3 * noise(rng)});
  int after = 0;
  while (!drift.add({-7.0, 0.0}) && after < 10) ++after;
  EXPECT_LE(after, 2);
  // In either direction, on either metric.
  core::SurpriseDrift up(0.5, 5.0);
  for (int i = 0; i < 10; ++i) up.add({0.3 * noise(rng), 0.3 * noise(rng)});
  after = 0;
  while (!up.add({0.0, 7.0}) && after < 10) ++after;
  EXPECT_LE(after, 2);
}

}  // namespace
