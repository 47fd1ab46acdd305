// Verification: which readings CORAL believes, on hand-made histories whose
// margins are computed here from the rule's formula.
#include "core/optimizers/coral/verification.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "tests/support/readings.h"

namespace {

const core::ConfigSpace& space() {
  static const core::ConfigSpace s({{"gpu_freq", "MHz", {300, 600, 900, 1200}}});
  return s;
}

using testing_support::reading;

// A 10 W budget; prior noise 1%, z = 2.5: one reading is trusted when
// W * (1 + 2.5 * 0.01) <= 10, i.e. W <= 9.756.
struct Fixture {
  core::Goal goal = core::Goal::max_throughput(10.0);
  core::TrialHistory history;
  core::NoiseEstimate noise{0.01, 2.5};
  core::Verification verification{goal, {2.5, 3.0, 3, 4}, noise};

  Fixture() { history.reset(space()); }
  void add(const core::Measurement& m) {
    history.add(m);
    noise.update(history);
  }
  const core::TrialHistory::Entry& entry(int level) { return *history.find(core::Config{{level}}); }
};

TEST(VerificationTest, TrustsOnlyWhatKeepsTheMarginFromEveryConstraint) {
  Fixture f;
  f.add(reading(0, 10, 9.7));
  f.add(reading(1, 20, 9.8));
  f.add(reading(2, 30, 10.5));
  EXPECT_TRUE(f.verification.trusted(f.entry(0)));
  EXPECT_FALSE(f.verification.trusted(f.entry(1))) << "9.8 W is within 2.5 sd of 10 W";
  EXPECT_FALSE(f.verification.trusted(f.entry(2))) << "over the budget";
  EXPECT_EQ(f.verification.best_trusted(f.history), &f.entry(0));
  // The better configuration met the goal as measured but is not trusted:
  // it is the one to read again.
  EXPECT_EQ(f.verification.untrusted_contender(f.history, &f.entry(0)), &f.entry(1));
}

TEST(VerificationTest, OneReadingUnderPriorNoiseIsNotRecommendable) {
  Fixture f;
  f.add(reading(0, 10, 5.0));
  EXPECT_TRUE(f.verification.trusted(f.entry(0)));
  EXPECT_FALSE(f.verification.recommendable(f.entry(0)))
      << "noise not observed yet and fewer than verify_measurements readings";
  f.add(reading(0, 10.1, 5.05));
  f.add(reading(0, 9.9, 4.95));
  EXPECT_TRUE(f.verification.recommendable(f.entry(0)));
  EXPECT_EQ(f.verification.best_recommendable(f.history), &f.entry(0));
}

// Confirmation drops the first reading. A quiet board (21 readings of
// another configuration, 0.01% apart) puts the pooled noise near 1.6%: a
// lucky first reading at 9.0 W then two at 9.9 W keep the margin as a mean
// of three (9.6 W * (1 + 2.5 / sqrt(3) * 1.6%) = 9.82 W), but the later
// two alone do not (9.9 W * (1 + 2.5 / sqrt(2) * 1.6%) = 10.18 W).
TEST(VerificationTest, TheReadingsAfterTheFirstMustKeepTheMarginOnTheirOwn) {
  Fixture f;
  for (int i = 0; i < 21; ++i) f.add(reading(3, 5, 5.0 + 0.0005 * (i % 2)));
  f.add(reading(0, 10, 9.0));
  f.add(reading(0, 10, 9.9));
  f.add(reading(0, 10, 9.9));
  const core::TrialHistory::Entry& e = f.entry(0);
  EXPECT_NEAR(f.noise.w(), 0.016, 0.001);
  EXPECT_TRUE(f.verification.trusted(e));
  EXPECT_FALSE(f.verification.confirmed(e));
  EXPECT_FALSE(f.verification.recommendable(e));
  // It met the goal in every reading and beats the recommendation: the
  // near miss to read again.
  ASSERT_EQ(f.verification.best_recommendable(f.history), &f.entry(3));
  EXPECT_EQ(f.verification.unrecommended_contender(f.history, &f.entry(3)), &e);
}

TEST(VerificationTest, ExactReadingsNeedNoMargin) {
  Fixture f;
  for (int i = 0; i < 2; ++i) {
    f.add(reading(0, 10, 5.0));
    f.add(reading(1, 20, 6.0));
  }
  ASSERT_TRUE(f.noise.exact());
  f.add(reading(2, 30, 9.99));  // one reading, 0.1% under the budget
  EXPECT_TRUE(f.verification.trusted(f.entry(2)));
  EXPECT_TRUE(f.verification.recommendable(f.entry(2)));
}

TEST(VerificationTest, AContenderReadMaxMeasurementsTimesIsNotReadAgainForTrust) {
  Fixture f;
  for (int i = 0; i < 4; ++i) f.add(reading(1, 20, 9.9 + 0.1 * (i % 2)));
  EXPECT_FALSE(f.verification.trusted(f.entry(1)));
  EXPECT_EQ(f.verification.untrusted_contender(f.history, nullptr), nullptr);
}

}  // namespace
