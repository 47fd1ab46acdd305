// The offline-training cache: one model per training set, shared, whatever
// the order the surfaces come in, and the same model `edgetune train` makes;
// a saved model reads back bit for bit and can stand in for training.
#include "core/optimizers/trained_models.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "core/errors.h"
#include "core/optimizers/dvfo/dvfo_tuner.h"
#include "core/optimizers/registry.h"
#include "tests/support/learned_boards.h"

namespace {

// A model that counts how often it was trained.
struct Counted : core::TrainedModel {
  void save(std::ostream& out) const override { out << "counted\n"; }
};

TEST(TrainedModelsTest, TrainsOncePerMethodAndTrainingSetWhateverItsOrder) {
  int trainings = 0;
  const core::TrainFunction train = [&](const core::TrainingSurfaces&) {
    ++trainings;
    return std::make_shared<const Counted>();
  };
  core::TrainingSurfaces surfaces = testing_support::training_set();
  const auto first = core::cached_model("counted-a", surfaces, train);
  std::reverse(surfaces.begin(), surfaces.end());
  EXPECT_EQ(core::cached_model("counted-a", surfaces, train), first) << "cached, not retrained";
  EXPECT_EQ(trainings, 1);
  EXPECT_NE(core::cached_model("counted-b", surfaces, train), first) << "another method";
  surfaces.pop_back();
  EXPECT_NE(core::cached_model("counted-a", surfaces, train), first) << "another training set";
  EXPECT_EQ(trainings, 3);
}

TEST(TrainedModelsTest, AFailedTrainingIsRethrownToEveryCallerNotRetried) {
  int attempts = 0;
  const core::TrainFunction fails =
      [&](const core::TrainingSurfaces&) -> std::shared_ptr<const core::TrainedModel> {
    ++attempts;
    throw core::InputError("no surfaces");
  };
  EXPECT_THROW(core::cached_model("failing", {}, fails), core::InputError);
  EXPECT_THROW(core::cached_model("failing", {}, fails), core::InputError);
  EXPECT_EQ(attempts, 1);
}

TEST(TrainedModelsTest, TheRegistryServesTheModelTrainingWithTheFixedSeedMakes) {
  core::OptimizerContext context;
  context.training_surfaces = testing_support::training_set();
  const auto cached = core::trained_model("dvfo", context);
  const core::DvfoPolicy fresh = core::train_dvfo(
      context.training_surfaces, core::DvfoTrainingOptions{}, core::kDvfoTrainingSeed);
  std::stringstream a, b;
  cached->save(a);
  fresh.save(b);
  EXPECT_EQ(a.str(), b.str());
  EXPECT_THROW(core::trained_model("dvfo", core::OptimizerContext{}), core::InputError);
  EXPECT_THROW(core::trained_model("coral", context), core::InputError) << "coral learns online";
}

// save -> load -> save gives the same text: every weight survives to the bit.
TEST(TrainedModelsTest, SavedModelsOfEveryTrainableMethodReadBackBitForBit) {
  core::OptimizerContext context;
  context.training_surfaces = testing_support::training_set();
  for (const char* method : {"dvfo", "maple-edge"}) {
    std::stringstream saved, again;
    core::trained_model(method, context)->save(saved);
    const std::string text = saved.str();
    core::load_trained_model(method, saved)->save(again);
    EXPECT_EQ(again.str(), text) << method;
    std::stringstream truncated(text.substr(0, text.size() / 2));
    EXPECT_THROW(core::load_trained_model(method, truncated), core::InputError) << method;
  }
  std::stringstream any("layers 2\n1 1\n0 0\n");
  EXPECT_THROW(core::load_trained_model("coral", any), core::InputError) << "coral learns online";
}

TEST(TrainedModelsTest, AProvidedModelIsServedInsteadOfTraining) {
  core::OptimizerContext context;
  context.training_surfaces = {
      testing_support::training(*testing_support::board(50, 50, 5), "provided-only")};
  const auto provided = std::make_shared<const Counted>();
  core::provide_trained_model("dvfo", context, provided);
  EXPECT_EQ(core::trained_model("dvfo", context), provided);
  EXPECT_FALSE(
      core::provide_model("dvfo", context.training_surfaces, std::make_shared<const Counted>()))
      << "a second model for the same training set is refused";
  EXPECT_EQ(core::trained_model("dvfo", context), provided);
}

}  // namespace
