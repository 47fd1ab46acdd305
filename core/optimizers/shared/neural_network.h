// A small multilayer perceptron on Eigen for the learned baselines (the
// DVFO-style Q-network and the MAPLE-Edge-style predictor): tanh hidden
// layers, a linear output layer, mean-squared error, Adam (Kingma & Ba
// 2015). Deterministic: initialisation draws from a generator passed in.
#ifndef EDGETUNE_CORE_OPTIMIZERS_SHARED_NEURAL_NETWORK_H_
#define EDGETUNE_CORE_OPTIMIZERS_SHARED_NEURAL_NETWORK_H_

#include <Eigen/Dense>
#include <cstdint>
#include <iosfwd>
#include <random>
#include <vector>

namespace core {

class NeuralNetwork {
 public:
  NeuralNetwork() = default;
  // Layer widths, input first, output last (at least two). Weights are
  // Xavier-uniform, biases zero.
  NeuralNetwork(const std::vector<int>& widths, std::mt19937_64& rng);

  // Outputs for every column of `inputs` (one sample per column).
  Eigen::MatrixXd forward(const Eigen::MatrixXd& inputs) const;
  Eigen::VectorXd forward(const Eigen::VectorXd& input) const;

  // One Adam step on the mean squared error over the columns; `mask`
  // (same shape as targets, 0 or 1) selects which outputs count, as a
  // Q-network is trained only on the action taken. Returns the loss.
  double train_step(const Eigen::MatrixXd& inputs, const Eigen::MatrixXd& targets,
                    const Eigen::MatrixXd& mask, double learning_rate);

  int inputs() const { return weights_.empty() ? 0 : static_cast<int>(weights_.front().cols()); }
  int outputs() const { return weights_.empty() ? 0 : static_cast<int>(weights_.back().rows()); }

  // The most parameters load() accepts (weights and biases): the methods'
  // networks hold a few thousand.
  static constexpr std::uint64_t kMaxSavedParameters = 1000000;

  // Plain text: widths, then every weight and bias with 17 significant
  // digits, so a network reads back bit for bit. load() throws InputError
  // on a malformed stream or one claiming more than kMaxSavedParameters.
  void save(std::ostream& out) const;
  static NeuralNetwork load(std::istream& in);

 private:
  std::vector<Eigen::MatrixXd> weights_;  // layer l: out x in
  std::vector<Eigen::VectorXd> biases_;
  // Adam moments, same shapes as the parameters.
  std::vector<Eigen::MatrixXd> m_weights_, v_weights_;
  std::vector<Eigen::VectorXd> m_biases_, v_biases_;
  long steps_ = 0;
};

}  // namespace core

#endif  // EDGETUNE_CORE_OPTIMIZERS_SHARED_NEURAL_NETWORK_H_
