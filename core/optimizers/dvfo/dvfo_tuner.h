// `dvfo`: a DVFO-style deep-reinforcement-learning tuner (Zhang et al.,
// "DVFO: Learning-Based DVFS for Energy-Efficient Edge-Cloud Collaborative
// Inference", arXiv 2306.01811: DRL over CPU, GPU and memory frequencies;
// offloading does not apply to a single board).
//
// State: the position in [0, 1] of each standard knob (core/optimizers/shared/knob_features.h),
// the last measured power over the budget (or over the first measured power
// when there is no budget), the last throughput over the target (or over the
// first), and the goal kind. Actions: move one knob one level or a quarter
// of its range up or down, or stay. Reward: the noise-free score of the new
// configuration against the surface's optimum when it meets the goal, else
// -0.5 minus the relative violation (-1 when it cannot run). Q-network: an
// MLP (core/optimizers/shared/neural_network.h) trained offline by DQN (Mnih et al. 2015:
// experience replay, a target network, epsilon-greedy exploration) on
// simulated episodes over the *training* surfaces, never the target, with
// goals drawn like the paper scenarios. Online it follows the greedy policy,
// skipping moves to configurations already measured, and recommends the best
// configuration that met the goal as measured.
#ifndef EDGETUNE_CORE_OPTIMIZERS_DVFO_DVFO_TUNER_H_
#define EDGETUNE_CORE_OPTIMIZERS_DVFO_DVFO_TUNER_H_

#include <istream>
#include <memory>
#include <random>
#include <vector>

#include "core/optimizer.h"
#include "core/optimizers/context.h"
#include "core/optimizers/shared/knob_features.h"
#include "core/optimizers/shared/neural_network.h"
#include "core/optimizers/trained_model.h"
#include "core/trial_history.h"

namespace core {

struct DvfoTrainingOptions {
  int episodes = 300;
  int steps_per_episode = 30;
  int hidden = 32;
  int batch = 32;
  int replay_capacity = 20000;
  int target_sync_steps = 250;
  double gamma = 0.8;
  double learning_rate = 1e-3;

  // Throws InputError naming the field, its value and its limit.
  void validate() const;
};

struct DvfoPolicy : TrainedModel {
  NeuralNetwork q;  // state -> one Q value per action

  void save(std::ostream& out) const override { q.save(out); }
  static DvfoPolicy load(std::istream& in) {
    DvfoPolicy policy;
    policy.q = NeuralNetwork::load(in);
    return policy;
  }
};

// The seed `dvfo` trains with, in sweeps and `edgetune train` alike.
constexpr std::uint64_t kDvfoTrainingSeed = 2306'01811;

// Trains the Q-network on `surfaces`. Deterministic for a seed. Throws
// InputError when there is no training surface. episodes = 0 gives the
// untrained (randomly initialised) network.
DvfoPolicy train_dvfo(const std::vector<std::shared_ptr<const TrainingSurface>>& surfaces,
                      const DvfoTrainingOptions& options, std::uint64_t seed);

class DvfoTuner : public Optimizer {
 public:
  explicit DvfoTuner(std::shared_ptr<const DvfoPolicy> policy) : policy_(std::move(policy)) {}

  void start(const ConfigSpace& space, const Goal& goal, const Budget& budget,
             std::uint64_t seed) override;
  std::optional<Config> propose() override;
  void observe(const Measurement& result) override;
  std::optional<Config> recommend() const override;

 private:
  std::shared_ptr<const DvfoPolicy> policy_;
  const ConfigSpace* space_ = nullptr;
  std::unique_ptr<KnobFeatures> features_;
  Goal goal_;
  std::mt19937_64 rng_;
  TrialHistory history_;
  std::optional<Config> current_;  // where the agent stands
  double last_fps_ = 0.0, last_w_ = 0.0;
  double first_fps_ = 0.0, first_w_ = 0.0;
};

}  // namespace core

#endif  // EDGETUNE_CORE_OPTIMIZERS_DVFO_DVFO_TUNER_H_
