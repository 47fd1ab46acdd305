#include "core/optimizers/coral/relevance_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace {

// Two knobs of 11 evenly spaced levels.
std::vector<std::vector<double>> grid() {
  std::vector<double> levels;
  for (int l = 0; l <= 10; ++l) levels.push_back(l / 10.0);
  return {levels, levels};
}

core::RelevanceModel::LevelMatrix configs(std::initializer_list<std::pair<int, int>> points) {
  core::RelevanceModel::LevelMatrix m(static_cast<Eigen::Index>(points.size()), 2);
  Eigen::Index r = 0;
  for (const auto& [a, b] : points) m.row(r++) << a, b;
  return m;
}

Eigen::VectorXd sd_all(const core::RelevanceModel& model,
                       const core::RelevanceModel::LevelMatrix& at) {
  std::vector<Eigen::Index> rows;
  for (Eigen::Index r = 0; r < at.rows(); ++r) rows.push_back(r);
  return model.sd(at, rows);
}

TEST(RelevanceModelTest, ALinearMetricIsPredictedExactlyAwayFromTheData) {
  core::RelevanceModel model(grid());
  const core::RelevanceModel::LevelMatrix train =
      configs({{0, 0}, {10, 0}, {0, 10}, {10, 10}, {5, 5}, {2, 8}});
  Eigen::VectorXd y(train.rows());
  for (Eigen::Index r = 0; r < y.size(); ++r)
    y[r] = 1.0 + 0.3 * train(r, 0) / 10.0 - 0.2 * train(r, 1) / 10.0;
  model.fit(train, y, {0.5, 0.5}, 0.01);
  const Eigen::VectorXd mean = model.mean(configs({{7, 3}, {1, 9}}));
  // The ridge on the slopes pulls them very slightly towards zero.
  EXPECT_NEAR(mean[0], 1.0 + 0.21 - 0.06, 2e-3);
  EXPECT_NEAR(mean[1], 1.0 + 0.03 - 0.18, 2e-3);
}

TEST(RelevanceModelTest, InterpolatesQuietDataAndIsUnsureFarFromIt) {
  core::RelevanceModel model(grid());
  const core::RelevanceModel::LevelMatrix train = configs({{0, 0}, {1, 0}, {2, 1}, {0, 2}, {3, 3}});
  const Eigen::VectorXd y = (Eigen::VectorXd(5) << 0.0, 0.5, -0.3, 0.8, 0.1).finished();
  model.fit(train, y, {1.0, 1.0}, 1e-4);
  const Eigen::VectorXd at_data = model.mean(train);
  for (Eigen::Index r = 0; r < y.size(); ++r) EXPECT_NEAR(at_data[r], y[r], 1e-3) << r;
  EXPECT_LT(sd_all(model, train).maxCoeff(), 0.01 * model.max_sd());
  EXPECT_GT(sd_all(model, configs({{10, 10}}))[0], 0.99 * model.max_sd());
}

// dCor steers the model: data that varies along knob 0 only says nothing
// about knob 1 when dCor calls it irrelevant, so configurations far apart on
// knob 1 are predicted alike; called relevant, the same knob makes the model
// unsure away from the measured rows.
TEST(RelevanceModelTest, AKnobDistanceCorrelationCallsIrrelevantIsIgnored) {
  const core::RelevanceModel::LevelMatrix train =
      configs({{0, 0}, {3, 0}, {5, 0}, {7, 0}, {10, 0}});
  Eigen::VectorXd y(train.rows());
  for (Eigen::Index r = 0; r < y.size(); ++r) y[r] = std::sin(3.0 * train(r, 0) / 10.0);
  const core::RelevanceModel::LevelMatrix far = configs({{5, 10}});

  core::RelevanceModel ignores(grid());
  ignores.fit(train, y, {1.0, 0.0}, 0.01);
  const double sd_ignored = sd_all(ignores, far)[0] / ignores.max_sd();

  core::RelevanceModel resolves(grid());
  resolves.fit(train, y, {1.0, 1.0}, 0.01);
  const double sd_resolved = sd_all(resolves, far)[0] / resolves.max_sd();

  EXPECT_LT(sd_ignored, 0.2);
  EXPECT_GT(sd_resolved, 0.9);
}

TEST(RelevanceModelTest, DeviationsDoNotDependOnWhichRowsAreBatched) {
  core::RelevanceModel model(grid());
  const core::RelevanceModel::LevelMatrix train = configs({{0, 0}, {4, 6}, {9, 2}, {6, 9}});
  model.fit(train, Eigen::VectorXd::LinSpaced(4, 0.0, 1.0), {0.7, 0.3}, 0.02);
  const core::RelevanceModel::LevelMatrix at = configs({{1, 1}, {5, 5}, {8, 3}, {10, 10}});
  const Eigen::VectorXd all = sd_all(model, at);
  const Eigen::VectorXd two = model.sd(at, {3, 1});
  EXPECT_DOUBLE_EQ(two[0], all[3]);
  EXPECT_DOUBLE_EQ(two[1], all[1]);
}

// The bound CORAL prunes with must hold everywhere, or it would skip the
// candidate that scoring everything would choose.
TEST(RelevanceModelTest, TheDeviationBoundHoldsForEveryConfiguration) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int> level(0, 10);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  core::RelevanceModel::LevelMatrix everywhere(121, 2);
  for (int r = 0; r < 121; ++r) everywhere.row(r) << r / 11, r % 11;
  for (int trial = 0; trial < 50; ++trial) {
    const int n = 1 + trial % 12;
    core::RelevanceModel::LevelMatrix train(n, 2);
    Eigen::VectorXd y(n);
    for (int r = 0; r < n; ++r) {
      train.row(r) << level(rng), level(rng);
      y[r] = unit(rng);
    }
    core::RelevanceModel model(grid());
    model.fit(train, y, {unit(rng), unit(rng)}, trial % 2 ? 0.02 : 1e-5);
    Eigen::VectorXd bound;
    model.mean(everywhere, &bound);
    const Eigen::VectorXd sd = sd_all(model, everywhere);
    for (int r = 0; r < 121; ++r) ASSERT_GE(bound[r], sd[r]) << "trial " << trial << " row " << r;
    EXPECT_LE(bound.maxCoeff(), model.max_sd() * (1 + 1e-6));
  }
}

// Knobs with a single level change nothing: their kernel factor is 1 and
// their trend column 0. So padding the two-knob grid with such knobs must
// predict exactly what the two knobs alone do, for every knob count: the
// counts the kernel product unrolls and the general path beyond them.
TEST(RelevanceModelTest, SingleLevelKnobsChangeNoPredictionAtAnyKnobCount) {
  const core::RelevanceModel::LevelMatrix train = configs({{0, 0}, {4, 6}, {9, 2}, {6, 9}, {2, 3}});
  const Eigen::VectorXd y = (Eigen::VectorXd(5) << 0.1, 0.7, -0.2, 0.4, 0.0).finished();
  const core::RelevanceModel::LevelMatrix at = configs({{1, 1}, {5, 5}, {8, 3}, {10, 10}, {4, 6}});
  core::RelevanceModel two(grid());
  two.fit(train, y, {0.7, 0.3}, 0.02);
  Eigen::VectorXd two_bound;
  const Eigen::VectorXd two_mean = two.mean(at, &two_bound);
  const Eigen::VectorXd two_sd = sd_all(two, at);

  for (int padding = 1; padding <= 10; ++padding) {
    // The padding comes first, so the knobs that vary are the last ones.
    std::vector<std::vector<double>> positions(padding, {0.0});
    positions.insert(positions.end(), {grid()[0], grid()[1]});
    std::vector<double> dcor(padding, 0.5);
    dcor.insert(dcor.end(), {0.7, 0.3});
    auto padded = [&](const core::RelevanceModel::LevelMatrix& m) {
      core::RelevanceModel::LevelMatrix out =
          core::RelevanceModel::LevelMatrix::Zero(m.rows(), 2 + padding);
      out.rightCols(2) = m;
      return out;
    };
    core::RelevanceModel model(positions);
    model.fit(padded(train), y, dcor, 0.02);
    Eigen::VectorXd bound;
    const Eigen::VectorXd mean = model.mean(padded(at), &bound);
    const Eigen::VectorXd sd = sd_all(model, padded(at));
    for (Eigen::Index r = 0; r < at.rows(); ++r) {
      EXPECT_NEAR(mean[r], two_mean[r], 1e-12) << padding << " padding knobs, row " << r;
      EXPECT_NEAR(bound[r], two_bound[r], 1e-12) << padding << " padding knobs, row " << r;
      EXPECT_NEAR(sd[r], two_sd[r], 1e-12) << padding << " padding knobs, row " << r;
    }
  }
}

}  // namespace
