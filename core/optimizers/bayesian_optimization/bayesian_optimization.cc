#include "core/optimizers/bayesian_optimization/bayesian_optimization.h"

#include <algorithm>
#include <cmath>

#include "core/optimizers/shared/acquisition.h"
#include "core/optimizers/shared/bounded_argmax.h"
#include "core/optimizers/shared/knob_scale.h"
#include "core/optimizers/shared/matern_gp.h"
#include "core/option_check.h"

namespace core {

void BayesianOptimization::Options::validate() const {
  check_option(initial_points_per_knob >= 1, "bo", "initial_points_per_knob",
               initial_points_per_knob, ">= 1");
  check_option(candidates >= 1, "bo", "candidates", candidates, ">= 1");
}

BayesianOptimization::BayesianOptimization(Options options) : options_(options) {
  options_.validate();
}

void BayesianOptimization::start(const ConfigSpace& space, const Goal& goal, const Budget& budget,
                                 std::uint64_t seed) {
  space_ = &space;
  goal_ = goal;
  rng_.seed(seed);
  history_.reset(space);
  positions_ = knob_positions(space, KnobScale::kLevel);
  const int per_knob = options_.initial_points_per_knob * static_cast<int>(space.num_knobs());
  initial_design_ =
      latin_hypercube(space, std::max(1, std::min(per_knob, budget.max_trials / 3)), rng_);
  initial_next_ = 0;
}

std::vector<std::size_t> BayesianOptimization::candidates(const TrialHistory::Entry* incumbent) {
  std::vector<std::size_t> out;
  const std::size_t size = space_->size();
  if (size <= static_cast<std::size_t>(options_.candidates)) {
    for (std::size_t i = 0; i < size; ++i) out.push_back(i);
  } else {
    std::uniform_int_distribution<std::size_t> pick(0, size - 1);
    for (int i = 0; i < options_.candidates; ++i) out.push_back(pick(rng_));
    if (incumbent) {
      const std::size_t at = space_->index(incumbent->config);
      for (std::size_t k = 0; k < space_->num_knobs(); ++k) {
        const int level = incumbent->config.level[k];
        const int levels = static_cast<int>(space_->knob(k).values.size());
        if (level > 0) out.push_back(at - space_->stride(k));
        if (level + 1 < levels) out.push_back(at + space_->stride(k));
      }
    }
  }
  out.erase(std::remove_if(out.begin(), out.end(),
                           [&](std::size_t index) { return history_.measured(index); }),
            out.end());
  return out;
}

std::optional<Config> BayesianOptimization::propose() {
  if (initial_next_ < initial_design_.size()) return initial_design_[initial_next_++];
  std::vector<const TrialHistory::Entry*> seen;
  for (const TrialHistory::Entry& e : history_.entries()) {
    if (e.available && e.mean_fps > 0 && e.mean_w > 0) seen.push_back(&e);
  }
  const TrialHistory::Entry* incumbent = history_.best_feasible(goal_);
  const std::vector<std::size_t> pool = candidates(incumbent);
  if (pool.empty()) return std::nullopt;  // every configuration measured
  if (seen.size() < 2) {
    std::uniform_int_distribution<std::size_t> pick(0, pool.size() - 1);
    return space_->config(pool[pick(rng_)]);
  }

  const Eigen::Index d = static_cast<Eigen::Index>(space_->num_knobs());
  auto normalized = [&](const Config& c, Eigen::MatrixXd& into, Eigen::Index row) {
    for (Eigen::Index j = 0; j < d; ++j)
      into(row, j) = positions_[static_cast<std::size_t>(j)][c.level[static_cast<std::size_t>(j)]];
  };
  Eigen::MatrixXd x(static_cast<Eigen::Index>(seen.size()), d);
  Eigen::VectorXd log_fps(x.rows()), log_w(x.rows());
  for (std::size_t i = 0; i < seen.size(); ++i) {
    const Eigen::Index row = static_cast<Eigen::Index>(i);
    normalized(seen[i]->config, x, row);
    log_fps[row] = std::log(seen[i]->mean_fps);
    log_w[row] = std::log(seen[i]->mean_w);
  }
  MaternGp fps_gp, w_gp;
  fps_gp.fit(x, log_fps);
  w_gp.fit(x, log_w);
  Eigen::MatrixXd points(static_cast<Eigen::Index>(pool.size()), d);
  std::vector<int> levels(space_->num_knobs());
  for (std::size_t i = 0; i < pool.size(); ++i) {
    space_->levels(pool[i], levels.data());
    for (Eigen::Index j = 0; j < d; ++j)
      points(static_cast<Eigen::Index>(i), j) =
          positions_[static_cast<std::size_t>(j)][levels[static_cast<std::size_t>(j)]];
  }
  Eigen::VectorXd f_mean, f_sd_bound, w_mean, w_sd_bound;
  Eigen::MatrixXd f_cross, w_cross;
  fps_gp.mean(points, f_mean, f_sd_bound, f_cross);
  w_gp.mean(points, w_mean, w_sd_bound, w_cross);

  const double best =
      incumbent ? log_objective(goal_, incumbent->mean_fps, incumbent->mean_w) : 0.0;
  const LogGoal log_goal(goal_);
  auto score = [&](const LogPrediction& p, bool bound) {
    double s = bound ? probability_feasible_bound(log_goal, p) : probability_feasible(log_goal, p);
    if (incumbent)
      s *= bound ? objective_improvement_bound(log_goal, p, best)
                 : objective_improvement(log_goal, p, best);
    return s;
  };
  // Every candidate's score bounded with its widest deviations; the exact
  // deviations (a triangular solve each) only where the bound could win.
  std::vector<std::pair<double, Eigen::Index>> by_bound;
  for (Eigen::Index i = 0; i < points.rows(); ++i)
    by_bound.emplace_back(score({f_mean[i], f_sd_bound[i], w_mean[i], w_sd_bound[i]}, true), i);
  const Eigen::Index choice =
      bounded_argmax(std::move(by_bound), [&](const std::vector<Eigen::Index>& batch) {
        const Eigen::VectorXd f_sd = fps_gp.sd(f_cross, batch), w_sd = w_gp.sd(w_cross, batch);
        std::vector<double> scores;
        for (std::size_t b = 0; b < batch.size(); ++b) {
          const Eigen::Index i = batch[b], at = static_cast<Eigen::Index>(b);
          scores.push_back(score({f_mean[i], f_sd[at], w_mean[i], w_sd[at]}, false));
        }
        return scores;
      }).first;
  // Every score 0: the first candidate, as a plain argmax would pick.
  return space_->config(pool[choice < 0 ? 0 : static_cast<std::size_t>(choice)]);
}

void BayesianOptimization::observe(const Measurement& result) { history_.add(result); }

std::optional<Config> BayesianOptimization::recommend() const {
  return history_.best_feasible_config(goal_);
}

}  // namespace core
