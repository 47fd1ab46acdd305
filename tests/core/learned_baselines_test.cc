// The offline-trained baselines (dvfo, maple-edge) and their network, on
// small synthetic boards: they learn from other boards and transfer.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "core/dvfo_tuner.h"
#include "core/errors.h"
#include "core/maple_edge_tuner.h"
#include "core/neural_network.h"
#include "core/oracle.h"
#include "core/run.h"
#include "sim/surface_device.h"
#include "tests/support/tiny_surface.h"

namespace {

using core::TrainingSurface;

// A board family: fps is the smooth minimum of a CPU and a GPU ceiling times
// a concurrency gain; power grows with both clocks. `cpu`, `gpu` and `watts`
// make boards and models differ.
std::shared_ptr<const traces::Surface> board(double cpu, double gpu, double watts) {
  return std::make_shared<const traces::Surface>(testing_support::make_surface(
      {{"cpu_freq", "MHz", {400, 800, 1200, 1600, 2000, 2400}},
       {"gpu_freq", "MHz", {300, 500, 700, 900, 1100, 1300}},
       {"concurrency", "count", {1, 2, 3, 4}}},
      [=](const std::vector<double>& v) {
        const double c = cpu * v[0] / 2400.0, g = gpu * v[1] / 1300.0;
        const double fps = (1.0 + 0.25 * (v[2] - 1)) / std::sqrt(1.0 / (c * c) + 1.0 / (g * g));
        const double w = watts * (1.0 + 1.5 * std::pow(v[0] / 2400.0, 2) +
                                  3.0 * std::pow(v[1] / 1300.0, 2.5) + 0.2 * v[2]);
        return std::make_pair(fps, w);
      }));
}

std::shared_ptr<const TrainingSurface> training(const traces::Surface& s, const std::string& name) {
  auto t = std::make_shared<TrainingSurface>();
  t->name = name;
  t->space = s.space;
  t->throughput_fps = s.throughput_fps();
  t->power_w = s.power_w();
  return t;
}

std::vector<std::shared_ptr<const TrainingSurface>> training_set() {
  return {training(*board(40, 120, 4), "a"), training(*board(80, 60, 6), "b"),
          training(*board(60, 200, 10), "c"), training(*board(120, 90, 5), "d")};
}

// The held-out board, unlike any training one.
std::shared_ptr<const traces::Surface> held_out() { return board(70, 150, 7); }

// Mean noise-free score over seeds and the three goal kinds.
double mean_score(const std::function<std::unique_ptr<core::Optimizer>()>& make, int trials) {
  auto surface = held_out();
  sim::SurfaceDeviceOptions exact;
  exact.noise = false;
  double total = 0;
  int runs = 0;
  for (const core::Goal& goal : {core::Goal::max_throughput(35.0), core::Goal::min_power(60.0),
                                 core::Goal::dual(40.0, 60.0)}) {
    sim::SurfaceDevice device(surface, 0, exact);
    const core::OracleResult oracle = core::exhaustive_optimum(device, goal);
    for (std::uint64_t seed = 0; seed < 5; ++seed) {
      auto optimizer = make();
      core::Budget budget;
      budget.max_trials = trials;
      const core::RunLog log = core::run(*optimizer, device, goal, budget, seed);
      ++runs;
      if (!log.recommended) continue;
      const std::size_t i = surface->space.index(*log.recommended);
      const double fps = surface->throughput_fps()[i], w = surface->power_w()[i];
      if (goal.feasible(fps, w)) total += core::score(goal, fps, w, oracle.throughput_fps, oracle.power_w);
    }
  }
  return total / runs;
}

TEST(NeuralNetworkTest, FitsASmoothFunction) {
  std::mt19937_64 rng(1);
  core::NeuralNetwork net({2, 16, 16, 1}, rng);
  Eigen::MatrixXd x(2, 200), y(1, 200);
  std::uniform_real_distribution<double> unit(-1, 1);
  for (int i = 0; i < 200; ++i) {
    x(0, i) = unit(rng);
    x(1, i) = unit(rng);
    y(0, i) = std::sin(2 * x(0, i)) + x(1, i) * x(1, i);
  }
  const Eigen::MatrixXd mask = Eigen::MatrixXd::Ones(1, 200);
  const double first = net.train_step(x, y, mask, 1e-2);
  double last = first;
  for (int step = 0; step < 2000; ++step) last = net.train_step(x, y, mask, 1e-2);
  EXPECT_LT(last, 0.01);
  EXPECT_LT(last, first / 20);
}

TEST(NeuralNetworkTest, SaveLoadRoundTripsExactly) {
  std::mt19937_64 rng(2);
  core::NeuralNetwork net({3, 5, 2}, rng);
  std::stringstream text;
  net.save(text);
  const core::NeuralNetwork back = core::NeuralNetwork::load(text);
  const Eigen::Vector3d x(0.1, -0.7, 0.3);
  EXPECT_EQ(net.forward(Eigen::VectorXd(x)), back.forward(Eigen::VectorXd(x)));
  std::stringstream garbage("layers x");
  EXPECT_THROW(core::NeuralNetwork::load(garbage), core::InputError);
}

TEST(DvfoTest, TrainingOnOtherBoardsImprovesTheHeldOutScore) {
  core::DvfoTrainingOptions untrained_options;
  untrained_options.episodes = 0;
  auto trained = std::make_shared<const core::DvfoPolicy>(
      core::train_dvfo(training_set(), core::DvfoTrainingOptions{}, 7));
  auto untrained = std::make_shared<const core::DvfoPolicy>(
      core::train_dvfo(training_set(), untrained_options, 7));
  const double with = mean_score([&] { return std::make_unique<core::DvfoTuner>(trained); }, 12);
  const double without = mean_score([&] { return std::make_unique<core::DvfoTuner>(untrained); }, 12);
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

TEST(LearnedBaselinesTest, MeetEveryGoalTypeAndAreDeterministic) {
  auto policy = std::make_shared<const core::DvfoPolicy>(
      core::train_dvfo(training_set(), core::DvfoTrainingOptions{}, 7));
  auto model = std::make_shared<const core::MapleEdgeModel>(
      core::train_maple_edge(training_set(), {}, 5));
  auto surface = held_out();
  for (int which = 0; which < 2; ++which) {
    for (const core::Goal& goal : {core::Goal::max_throughput(35.0), core::Goal::min_power(60.0),
                                   core::Goal::dual(40.0, 60.0)}) {
      std::vector<std::vector<core::Config>> proposals;
      for (int repeat = 0; repeat < 2; ++repeat) {
        sim::SurfaceDevice device(surface, 4);
        std::unique_ptr<core::Optimizer> optimizer;
        if (which == 0) optimizer = std::make_unique<core::DvfoTuner>(policy);
        else optimizer = std::make_unique<core::MapleEdgeTuner>(model);
        const core::RunLog log = core::run(*optimizer, device, goal, core::Budget{}, 9);
        ASSERT_TRUE(log.recommended) << which << " " << goal.describe();
        const std::size_t i = surface->space.index(*log.recommended);
        EXPECT_TRUE(goal.feasible(surface->throughput_fps()[i], surface->power_w()[i]))
            << which << " " << goal.describe();
        proposals.emplace_back();
        for (const core::Measurement& m : log.trials) proposals.back().push_back(m.config);
      }
      EXPECT_EQ(proposals[0], proposals[1]);
    }
  }
}

}  // namespace
