// The offline-training cache: one model per training set, shared, whatever
// the order the surfaces come in, and the same model `edgetune train` makes.
#include "core/optimizers/trained_models.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "core/errors.h"
#include "tests/support/learned_boards.h"

namespace {

core::OptimizerContext context_of(core::TrainingSurfaces surfaces) {
  core::OptimizerContext context;
  context.training_surfaces = std::move(surfaces);
  return context;
}

TEST(TrainedModelsTest, TrainsOncePerTrainingSetWhateverItsOrder) {
  core::TrainingSurfaces surfaces = testing_support::training_set();
  const auto first = core::shared_maple_edge_model(context_of(surfaces));
  std::reverse(surfaces.begin(), surfaces.end());
  EXPECT_EQ(core::shared_maple_edge_model(context_of(surfaces)), first) << "cached, not retrained";
  surfaces.pop_back();
  EXPECT_NE(core::shared_maple_edge_model(context_of(surfaces)), first) << "another training set";
}

TEST(TrainedModelsTest, TheCachedModelIsTheOneTrainingWithTheFixedSeedMakes) {
  const core::TrainingSurfaces surfaces = testing_support::training_set();
  const auto cached = core::shared_dvfo_policy(context_of(surfaces));
  const core::DvfoPolicy fresh =
      core::train_dvfo(surfaces, core::DvfoTrainingOptions{}, core::kDvfoTrainingSeed);
  std::stringstream a, b;
  cached->q.save(a);
  fresh.q.save(b);
  EXPECT_EQ(a.str(), b.str());
  EXPECT_THROW(core::shared_dvfo_policy(core::OptimizerContext{}), core::InputError);
}

}  // namespace
