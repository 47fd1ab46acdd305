#include "core/optimizers/shared/neural_network.h"

#include <cmath>
#include <istream>
#include <ostream>
#include <string>

#include "core/errors.h"

namespace core {
namespace {

constexpr double kBeta1 = 0.9, kBeta2 = 0.999, kEpsilon = 1e-8;

}  // namespace

NeuralNetwork::NeuralNetwork(const std::vector<int>& widths, std::mt19937_64& rng) {
  if (widths.size() < 2) throw InputError("a neural network needs an input and an output layer");
  for (std::size_t l = 0; l + 1 < widths.size(); ++l) {
    const int in = widths[l], out = widths[l + 1];
    const double limit = std::sqrt(6.0 / (in + out));  // Xavier-uniform
    std::uniform_real_distribution<double> uniform(-limit, limit);
    Eigen::MatrixXd w(out, in);
    for (Eigen::Index i = 0; i < w.size(); ++i) w.data()[i] = uniform(rng);
    weights_.push_back(w);
    biases_.push_back(Eigen::VectorXd::Zero(out));
  }
  for (std::size_t l = 0; l < weights_.size(); ++l) {
    m_weights_.push_back(Eigen::MatrixXd::Zero(weights_[l].rows(), weights_[l].cols()));
    v_weights_.push_back(m_weights_.back());
    m_biases_.push_back(Eigen::VectorXd::Zero(biases_[l].size()));
    v_biases_.push_back(m_biases_.back());
  }
}

Eigen::MatrixXd NeuralNetwork::forward(const Eigen::MatrixXd& inputs) const {
  Eigen::MatrixXd a = inputs;
  for (std::size_t l = 0; l < weights_.size(); ++l) {
    a = (weights_[l] * a).colwise() + biases_[l];
    if (l + 1 < weights_.size()) a = a.array().tanh().matrix();
  }
  return a;
}

Eigen::VectorXd NeuralNetwork::forward(const Eigen::VectorXd& input) const {
  return forward(Eigen::MatrixXd(input)).col(0);
}

double NeuralNetwork::train_step(const Eigen::MatrixXd& inputs, const Eigen::MatrixXd& targets,
                                 const Eigen::MatrixXd& mask, double learning_rate) {
  // Forward, keeping every layer's activations for back-propagation.
  std::vector<Eigen::MatrixXd> activations = {inputs};
  for (std::size_t l = 0; l < weights_.size(); ++l) {
    Eigen::MatrixXd z = (weights_[l] * activations.back()).colwise() + biases_[l];
    if (l + 1 < weights_.size()) z = z.array().tanh().matrix();
    activations.push_back(std::move(z));
  }
  const double samples = static_cast<double>(inputs.cols());
  const Eigen::MatrixXd error = (activations.back() - targets).cwiseProduct(mask);
  const double loss = error.squaredNorm() / samples;
  Eigen::MatrixXd delta = 2.0 * error / samples;
  ++steps_;
  const double correction1 = 1.0 - std::pow(kBeta1, static_cast<double>(steps_));
  const double correction2 = 1.0 - std::pow(kBeta2, static_cast<double>(steps_));
  for (std::size_t l = weights_.size(); l-- > 0;) {
    const Eigen::MatrixXd grad_w = delta * activations[l].transpose();
    const Eigen::VectorXd grad_b = delta.rowwise().sum();
    if (l > 0) {
      // tanh' = 1 - tanh^2 of the previous layer's output.
      delta = (weights_[l].transpose() * delta)
                  .cwiseProduct((1.0 - activations[l].array().square()).matrix());
    }
    m_weights_[l] = kBeta1 * m_weights_[l] + (1 - kBeta1) * grad_w;
    v_weights_[l] = kBeta2 * v_weights_[l] + (1 - kBeta2) * grad_w.cwiseProduct(grad_w);
    m_biases_[l] = kBeta1 * m_biases_[l] + (1 - kBeta1) * grad_b;
    v_biases_[l] = kBeta2 * v_biases_[l] + (1 - kBeta2) * grad_b.cwiseProduct(grad_b);
    weights_[l].array() -= learning_rate * (m_weights_[l].array() / correction1) /
                           ((v_weights_[l].array() / correction2).sqrt() + kEpsilon);
    biases_[l].array() -= learning_rate * (m_biases_[l].array() / correction1) /
                          ((v_biases_[l].array() / correction2).sqrt() + kEpsilon);
  }
  return loss;
}

void NeuralNetwork::save(std::ostream& out) const {
  out.precision(17);
  out << "layers " << weights_.size() + 1 << "\n" << inputs();
  for (const auto& w : weights_) out << " " << w.rows();
  out << "\n";
  for (std::size_t l = 0; l < weights_.size(); ++l) {
    for (Eigen::Index i = 0; i < weights_[l].size(); ++i) out << weights_[l].data()[i] << " ";
    out << "\n";
    for (Eigen::Index i = 0; i < biases_[l].size(); ++i) out << biases_[l][i] << " ";
    out << "\n";
  }
}

NeuralNetwork NeuralNetwork::load(std::istream& in) {
  std::string tag;
  std::size_t layers = 0;
  if (!(in >> tag >> layers) || tag != "layers" || layers < 2 || layers > 64) {
    throw InputError("not a saved neural network (expected 'layers N' first)");
  }
  std::vector<int> widths(layers);
  for (int& w : widths) {
    if (!(in >> w) || w < 1 || w > 100000)
      throw InputError("saved neural network: bad layer width");
  }
  // What the file claims is bounded before anything is allocated: a few
  // bytes naming two wide layers must not cost gigabytes.
  std::uint64_t parameters = 0;
  for (std::size_t l = 0; l + 1 < widths.size(); ++l) {
    parameters +=
        static_cast<std::uint64_t>(widths[l] + 1) * static_cast<std::uint64_t>(widths[l + 1]);
  }
  if (parameters > kMaxSavedParameters) {
    throw InputError("saved neural network: its layers claim " + std::to_string(parameters) +
                     " parameters, more than the " + std::to_string(kMaxSavedParameters) +
                     " a saved model may hold; the file is damaged or not edgetune's");
  }
  std::mt19937_64 unused(0);
  NeuralNetwork net(widths, unused);
  for (std::size_t l = 0; l < net.weights_.size(); ++l) {
    for (Eigen::Index i = 0; i < net.weights_[l].size(); ++i) {
      if (!(in >> net.weights_[l].data()[i]))
        throw InputError("saved neural network: truncated weights");
    }
    for (Eigen::Index i = 0; i < net.biases_[l].size(); ++i) {
      if (!(in >> net.biases_[l][i])) throw InputError("saved neural network: truncated biases");
    }
  }
  return net;
}

}  // namespace core
