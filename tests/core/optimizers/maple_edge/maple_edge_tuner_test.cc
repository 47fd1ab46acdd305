// MAPLE-Edge: a predictor trained on other boards, adapted with ten shots.
#include "core/optimizers/maple_edge/maple_edge_tuner.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/support/learned_boards.h"
#include "tests/support/option_errors.h"

namespace {

using testing_support::held_out;
using testing_support::training_set;

TEST(MapleEdgeTest, TenShotsPredictTheHeldOutBoardBetter) {
  const core::MapleEdgeModel model = core::train_maple_edge(training_set(), {}, 5);
  auto surface = held_out();
  const core::KnobFeatures features(surface->space);
  std::vector<double> log_fps, log_w;
  for (const core::Config& c : core::maple_reference_configs(features)) {
    const std::size_t i = surface->space.index(c);
    log_fps.push_back(std::log(surface->throughput_fps()[i]));
    log_w.push_back(std::log(surface->power_w()[i]));
  }
  std::vector<core::Config> all;
  for (std::size_t i = 0; i < surface->space.size(); ++i) all.push_back(surface->space.config(i));
  auto rmse = [&](const core::MapleDescriptor& d) {
    const auto predicted = model.predict(features, all, d);
    double sum = 0;
    for (std::size_t i = 0; i < all.size(); ++i) {
      const double e = predicted[i].first - std::log(surface->throughput_fps()[i]);
      const double f = predicted[i].second - std::log(surface->power_w()[i]);
      sum += e * e + f * f;
    }
    return std::sqrt(sum / all.size());
  };
  const double after = rmse(core::maple_descriptor(log_fps, log_w));
  const double before = rmse(model.descriptor_mean);  // no shots: the average board
  EXPECT_LT(after, 0.9 * before) << "after " << after << " before " << before;
}

TEST(MapleEdgeTest, RejectsBadTrainingOptions) {
  core::MapleEdgeTrainingOptions options;
  options.batch = 0;
  EXPECT_EQ(
      testing_support::input_error_of([&] { core::train_maple_edge(training_set(), options, 1); }),
      "maple-edge training option batch is 0; it must be >= 1");
  options = {};
  options.samples_per_surface = -3;
  EXPECT_EQ(testing_support::input_error_of([&] { options.validate(); }),
            "maple-edge training option samples_per_surface is -3; it must be >= 1");
}

}  // namespace
