// The small multilayer perceptron behind dvfo and maple-edge.
#include "core/optimizers/shared/neural_network.h"

#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "core/errors.h"

namespace {

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

// #37 class 5: a few bytes claiming two 20,000-wide layers allocated about
// 10 GB before failing; the claim is refused before any allocation.
TEST(NeuralNetworkTest, AFileClaimingHugeLayersIsRefusedBeforeAllocating) {
  std::stringstream huge("layers 3 20000 20000 1 0.5 0.5");
  try {
    core::NeuralNetwork::load(huge);
    FAIL() << "400 million claimed parameters were accepted";
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("more than the 1000000"), std::string::npos) << e.what();
  }
}

}  // namespace
