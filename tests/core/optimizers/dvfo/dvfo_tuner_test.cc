// DVFO: a Q-network trained on other boards transfers to a held-out one.
#include "core/optimizers/dvfo/dvfo_tuner.h"

#include <gtest/gtest.h>

#include <sstream>

#include "core/errors.h"
#include "tests/support/learned_boards.h"
#include "tests/support/option_errors.h"

namespace {

using testing_support::mean_score;
using testing_support::training_set;

TEST(DvfoTest, TrainingOnOtherBoardsImprovesTheHeldOutScore) {
  core::DvfoTrainingOptions untrained_options;
  untrained_options.episodes = 0;
  auto trained = std::make_shared<const core::DvfoPolicy>(
      core::train_dvfo(training_set(), core::DvfoTrainingOptions{}, 7));
  auto untrained = std::make_shared<const core::DvfoPolicy>(
      core::train_dvfo(training_set(), untrained_options, 7));
  const double with = mean_score([&] { return std::make_unique<core::DvfoTuner>(trained); }, 12);
  const double without =
      mean_score([&] { return std::make_unique<core::DvfoTuner>(untrained); }, 12);
  EXPECT_GT(with, without + 0.05) << "trained " << with << " untrained " << without;
}

TEST(DvfoTest, TrainingIsDeterministicAndNeedsSurfaces) {
  core::DvfoTrainingOptions options;
  options.episodes = 20;
  std::stringstream a, b;
  core::train_dvfo(training_set(), options, 3).q.save(a);
  core::train_dvfo(training_set(), options, 3).q.save(b);
  EXPECT_EQ(a.str(), b.str());
  EXPECT_THROW(core::train_dvfo({}, options, 3), core::InputError);
}

TEST(DvfoTest, RejectsBadTrainingOptions) {
  core::DvfoTrainingOptions options;
  options.replay_capacity = 100;  // under 4 batches: training would never start
  EXPECT_EQ(testing_support::input_error_of([&] { core::train_dvfo(training_set(), options, 1); }),
            "dvfo training option replay_capacity is 100; it must be >= 4 * batch (128)");
  options = {};
  options.gamma = 1;
  EXPECT_EQ(testing_support::input_error_of([&] { options.validate(); }),
            "dvfo training option gamma is 1; it must be in [0, 1)");
  options = {};
  options.learning_rate = 0;
  EXPECT_EQ(testing_support::input_error_of([&] { options.validate(); }),
            "dvfo training option learning_rate is 0; it must be finite and > 0");
}

}  // namespace
