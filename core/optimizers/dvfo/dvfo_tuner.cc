#include "core/optimizers/dvfo/dvfo_tuner.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <numeric>

#include "core/errors.h"
#include "core/option_check.h"

namespace core {
namespace {

constexpr int kMovesPerKnob = 4;  // +1, -1, +quarter, -quarter
constexpr int kActions = static_cast<int>(kStandardKnobCount) * kMovesPerKnob + 1;
constexpr int kStay = kActions - 1;
constexpr int kStateSize = static_cast<int>(kStandardKnobCount) + 2 + 3;

// The configuration `action` leads to from `from`; nullopt when the knob is
// absent or already at the end of its range.
std::optional<Config> apply_action(const ConfigSpace& space, const KnobFeatures& features,
                                   const Config& from, int action) {
  if (action == kStay) return from;
  const int k = features.knob(static_cast<std::size_t>(action / kMovesPerKnob));
  if (k < 0) return std::nullopt;
  const int levels = static_cast<int>(space.knob(static_cast<std::size_t>(k)).values.size());
  const int quarter = std::max(1, levels / 4);
  const int deltas[kMovesPerKnob] = {1, -1, quarter, -quarter};
  Config to = from;
  int& level = to.level[static_cast<std::size_t>(k)];
  level = std::clamp(level + deltas[action % kMovesPerKnob], 0, levels - 1);
  if (to == from) return std::nullopt;
  return to;
}

// Measured power and throughput relative to the goal's constraints (or to
// the first measurement when the goal has none), so states mean the same on
// every board.
Eigen::VectorXd make_state(const KnobFeatures& features, const Config& config, const Goal& goal,
                           double fps, double w, double first_fps, double first_w) {
  Eigen::VectorXd s(kStateSize);
  const auto p = features.positions(config);
  for (std::size_t i = 0; i < kStandardKnobCount; ++i) s[static_cast<Eigen::Index>(i)] = p[i];
  const double w_ref = goal.power_budget_w ? *goal.power_budget_w : first_w;
  const double fps_ref = goal.throughput_target_fps ? *goal.throughput_target_fps : first_fps;
  s[5] = std::clamp(w_ref > 0 ? w / w_ref : 1.0, 0.0, 3.0);
  s[6] = std::clamp(fps_ref > 0 ? fps / fps_ref : 1.0, 0.0, 5.0);
  const std::string kind = goal.kind();
  s[7] = kind == "max-throughput" || kind == "max-efficiency";
  s[8] = kind == "min-power";
  s[9] = kind == "dual";
  return s;
}

// One training task: a surface, a goal drawn like the paper scenarios, and
// the surface's optimum for it.
struct Task {
  const TrainingSurface* surface = nullptr;
  std::unique_ptr<KnobFeatures> features;
  Goal goal;
  double oracle_fps = 0.0, oracle_w = 0.0;
  bool has_optimum = false;

  double reward(std::size_t index) const {
    const double fps = surface->throughput_fps[index], w = surface->power_w[index];
    if (std::isnan(fps) || std::isnan(w)) return -1.0;
    if (goal.feasible(fps, w)) return has_optimum ? score(goal, fps, w, oracle_fps, oracle_w) : 0.0;
    return -0.5 - std::min(goal.relative_violation(fps, w), 1.0);
  }
};

Task draw_task(const std::vector<std::shared_ptr<const TrainingSurface>>& surfaces,
               std::mt19937_64& rng) {
  Task task;
  task.surface =
      surfaces[std::uniform_int_distribution<std::size_t>(0, surfaces.size() - 1)(rng)].get();
  task.features = std::make_unique<KnobFeatures>(task.surface->space);
  const auto& fps = task.surface->throughput_fps;
  const auto& w = task.surface->power_w;
  double min_w = INFINITY, max_w = 0, max_fps = 0;
  for (std::size_t i = 0; i < fps.size(); ++i) {
    if (std::isnan(fps[i]) || std::isnan(w[i])) continue;
    min_w = std::min(min_w, w[i]);
    max_w = std::max(max_w, w[i]);
    max_fps = std::max(max_fps, fps[i]);
  }
  const double u = std::uniform_real_distribution<double>(0.3, 0.7)(rng);
  const int kind = std::uniform_int_distribution<int>(0, 2)(rng);
  if (kind == 0) {
    task.goal = Goal::max_throughput(min_w + u * (max_w - min_w));
  } else {
    task.goal = Goal::min_power(u * max_fps);
    if (kind == 2) {
      double least = INFINITY;
      for (std::size_t i = 0; i < fps.size(); ++i) {
        if (fps[i] >= u * max_fps) least = std::min(least, w[i]);
      }
      const double slack = std::uniform_real_distribution<double>(0.05, 0.2)(rng);
      task.goal = Goal::dual((1.0 + slack) * least, u * max_fps);
    }
  }
  for (std::size_t i = 0; i < fps.size(); ++i) {
    if (std::isnan(fps[i]) || std::isnan(w[i]) || !task.goal.feasible(fps[i], w[i])) continue;
    if (!task.has_optimum || task.goal.better(fps[i], w[i], task.oracle_fps, task.oracle_w)) {
      task.oracle_fps = fps[i];
      task.oracle_w = w[i];
      task.has_optimum = true;
    }
  }
  return task;
}

struct Transition {
  Eigen::VectorXd state, next;
  int action = 0;
  double reward = 0.0;
};

// The best action by `q` among those that lead somewhere.
int greedy(const Eigen::VectorXd& q, const std::vector<bool>& valid) {
  int best = kStay;
  for (int a = 0; a < kActions; ++a) {
    if (valid[static_cast<std::size_t>(a)] && q[a] > q[best]) best = a;
  }
  return best;
}

}  // namespace

void DvfoTrainingOptions::validate() const {
  constexpr const char* kOwner = "dvfo training";
  check_option(episodes >= 0, kOwner, "episodes", episodes, ">= 0 (0: untrained)");
  check_option(steps_per_episode >= 1, kOwner, "steps_per_episode", steps_per_episode, ">= 1");
  check_option(hidden >= 1, kOwner, "hidden", hidden, ">= 1");
  check_option(batch >= 1, kOwner, "batch", batch, ">= 1");
  check_option(replay_capacity >= 4 * batch, kOwner, "replay_capacity", replay_capacity,
               ">= 4 * batch (" + option_value(4.0 * batch) + ")");
  check_option(target_sync_steps >= 1, kOwner, "target_sync_steps", target_sync_steps, ">= 1");
  check_option(gamma >= 0 && gamma < 1, kOwner, "gamma", gamma, "in [0, 1)");
  check_option(learning_rate > 0 && std::isfinite(learning_rate), kOwner, "learning_rate",
               learning_rate, "finite and > 0");
}

DvfoPolicy train_dvfo(const std::vector<std::shared_ptr<const TrainingSurface>>& surfaces,
                      const DvfoTrainingOptions& options, std::uint64_t seed) {
  options.validate();
  if (surfaces.empty()) {
    throw InputError(
        "dvfo needs training surfaces of other boards or models (leave-one-surface-"
        "out); pass --training-surfaces or keep the shipped ones");
  }
  const std::clock_t cpu_start = std::clock();
  std::mt19937_64 rng(seed);
  DvfoPolicy policy;
  policy.q = NeuralNetwork({kStateSize, options.hidden, options.hidden, kActions}, rng);
  NeuralNetwork target = policy.q;
  std::vector<Transition> replay;
  std::size_t replay_next = 0;
  long steps = 0;
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int episode = 0; episode < options.episodes; ++episode) {
    const Task task = draw_task(surfaces, rng);
    const ConfigSpace& space = task.surface->space;
    std::uniform_int_distribution<std::size_t> pick(0, space.size() - 1);
    std::size_t index = pick(rng);
    for (int attempt = 0; attempt < 100 && std::isnan(task.surface->power_w[index]); ++attempt)
      index = pick(rng);
    Config at = space.config(index);
    const double first_fps = task.surface->throughput_fps[index];
    const double first_w = task.surface->power_w[index];
    Eigen::VectorXd state =
        make_state(*task.features, at, task.goal, first_fps, first_w, first_fps, first_w);
    // Exploration decays linearly from 1 to 0.05 over the first 80%.
    const double epsilon = std::max(0.05, 1.0 - episode / (0.8 * options.episodes));
    for (int t = 0; t < options.steps_per_episode; ++t) {
      std::vector<bool> valid(kActions);
      for (int a = 0; a < kActions; ++a)
        valid[static_cast<std::size_t>(a)] = apply_action(space, *task.features, at, a).has_value();
      int action = greedy(policy.q.forward(state), valid);
      if (unit(rng) < epsilon) {
        do {
          action = std::uniform_int_distribution<int>(0, kActions - 1)(rng);
        } while (!valid[static_cast<std::size_t>(action)]);
      }
      const Config to = *apply_action(space, *task.features, at, action);
      const std::size_t to_index = space.index(to);
      Transition tr;
      tr.state = state;
      tr.action = action;
      tr.reward = task.reward(to_index);
      const double fps = task.surface->throughput_fps[to_index],
                   w = task.surface->power_w[to_index];
      if (!std::isnan(fps) && !std::isnan(w)) {
        at = to;  // an unavailable configuration bounces the agent back
        state = make_state(*task.features, at, task.goal, fps, w, first_fps, first_w);
      }
      tr.next = state;
      if (replay.size() < static_cast<std::size_t>(options.replay_capacity)) {
        replay.push_back(std::move(tr));
      } else {
        replay[replay_next] = std::move(tr);
        replay_next = (replay_next + 1) % replay.size();
      }
      if (replay.size() < static_cast<std::size_t>(options.batch) * 4) continue;
      // One DQN step on a uniform minibatch from the replay memory.
      Eigen::MatrixXd states(kStateSize, options.batch), nexts(kStateSize, options.batch);
      std::vector<const Transition*> batch;
      std::uniform_int_distribution<std::size_t> sample(0, replay.size() - 1);
      for (int b = 0; b < options.batch; ++b) {
        batch.push_back(&replay[sample(rng)]);
        states.col(b) = batch.back()->state;
        nexts.col(b) = batch.back()->next;
      }
      Eigen::MatrixXd targets = policy.q.forward(states);
      const Eigen::MatrixXd next_q = target.forward(nexts);
      Eigen::MatrixXd mask = Eigen::MatrixXd::Zero(kActions, options.batch);
      for (int b = 0; b < options.batch; ++b) {
        const Transition& tr_b = *batch[static_cast<std::size_t>(b)];
        targets(tr_b.action, b) = tr_b.reward + options.gamma * next_q.col(b).maxCoeff();
        mask(tr_b.action, b) = 1.0;
      }
      policy.q.train_step(states, targets, mask, options.learning_rate);
      if (++steps % options.target_sync_steps == 0) target = policy.q;
    }
  }
  policy.training_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  return policy;
}

void DvfoTuner::start(const ConfigSpace& space, const Goal& goal, const Budget&,
                      std::uint64_t seed) {
  if (policy_->q.inputs() != kStateSize || policy_->q.outputs() != kActions) {
    throw InputError(
        "dvfo: the Q-network's shape does not match this version's state and "
        "actions; retrain it");
  }
  space_ = &space;
  features_ = std::make_unique<KnobFeatures>(space);
  goal_ = goal;
  rng_.seed(seed);
  history_.reset(space);
  current_.reset();
}

std::optional<Config> DvfoTuner::propose() {
  if (!current_) {
    // Start in the middle of every knob's range, or where the last
    // unavailable start left off.
    const Config middle = features_->nearest({0.5, 0.5, 0.5, 0.5, 0.5});
    if (!history_.measured(middle)) return middle;
  } else {
    const Eigen::VectorXd q = policy_->q.forward(
        make_state(*features_, *current_, goal_, last_fps_, last_w_, first_fps_, first_w_));
    std::vector<int> order(kActions);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return q[a] > q[b]; });
    for (int action : order) {
      const auto to = apply_action(*space_, *features_, *current_, action);
      if (to && !history_.measured(*to)) return to;
    }
  }
  // Every move leads somewhere measured: jump to a random new configuration.
  std::uniform_int_distribution<std::size_t> pick(0, space_->size() - 1);
  for (int attempt = 0; attempt < 1000; ++attempt) {
    const Config c = space_->config(pick(rng_));
    if (!history_.measured(c)) return c;
  }
  return std::nullopt;
}

void DvfoTuner::observe(const Measurement& result) {
  history_.add(result);
  if (!result.available) return;
  if (!current_) {
    first_fps_ = result.throughput_fps;
    first_w_ = result.power_w;
  }
  current_ = result.config;
  last_fps_ = result.throughput_fps;
  last_w_ = result.power_w;
}

std::optional<Config> DvfoTuner::recommend() const { return history_.best_feasible_config(goal_); }

}  // namespace core
