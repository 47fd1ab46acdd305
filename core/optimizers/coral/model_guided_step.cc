#include "core/optimizers/coral/model_guided_step.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/optimizers/coral/relevance_model.h"
#include "core/optimizers/shared/acquisition.h"
#include "core/optimizers/shared/bounded_argmax.h"
#include "core/optimizers/shared/knob_scale.h"

namespace core {

void ModelGuidedStep::start(const ConfigSpace& space) {
  space_ = &space;
  fps_model_.reset();
  w_model_.reset();
  fps_positions_ = knob_positions(space, KnobScale::kLogValue);
  w_positions_ = knob_positions(space, KnobScale::kValue);
}

std::vector<std::size_t> ModelGuidedStep::candidates(const TrialHistory::Entry* base,
                                                     std::mt19937_64& rng) const {
  std::vector<std::size_t> out;
  std::uniform_int_distribution<std::size_t> pick(0, space_->size() - 1);
  const int global = std::min<std::size_t>(global_candidates_, space_->size());
  for (int i = 0; i < global; ++i) out.push_back(pick(rng));
  if (!base) return out;
  const std::size_t n = space_->num_knobs();
  const std::size_t from = base->index;
  auto in_range = [&](std::size_t k, int delta) {
    const int to = base->config.level[k] + delta;
    return to >= 0 && to < static_cast<int>(space_->knob(k).values.size());
  };
  auto moved = [&](std::size_t index, std::size_t k, int delta) {
    return static_cast<std::size_t>(static_cast<std::ptrdiff_t>(index) +
                                    delta * static_cast<std::ptrdiff_t>(space_->stride(k)));
  };
  for (std::size_t a = 0; a < n; ++a) {
    for (int da : {-2, -1, 1, 2}) {
      if (!in_range(a, da)) continue;
      const std::size_t one = moved(from, a, da);
      out.push_back(one);
      for (std::size_t b = a + 1; b < n; ++b) {
        for (int db : {-1, 1}) {
          if (in_range(b, db)) out.push_back(moved(one, b, db));
        }
      }
    }
  }
  return out;
}

std::optional<ModelGuidedStep::Proposal> ModelGuidedStep::next(const Inputs& in,
                                                               std::mt19937_64& rng) {
  fps_model_.reset();
  w_model_.reset();
  std::vector<const TrialHistory::Entry*> seen;
  for (const TrialHistory::Entry& e : in.history.entries()) {
    if (e.available && e.count > 0 && e.mean_fps > 0 && e.mean_w > 0) seen.push_back(&e);
  }
  const std::size_t k = space_->num_knobs();
  if (seen.size() < 3) return std::nullopt;
  RelevanceModel::LevelMatrix x(static_cast<Eigen::Index>(seen.size()),
                                static_cast<Eigen::Index>(k));
  Eigen::VectorXd log_fps(x.rows()), log_w(x.rows());
  for (std::size_t i = 0; i < seen.size(); ++i) {
    for (std::size_t j = 0; j < k; ++j)
      x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = seen[i]->config.level[j];
    log_fps[static_cast<Eigen::Index>(i)] = std::log(seen[i]->mean_fps);
    log_w[static_cast<Eigen::Index>(i)] = std::log(seen[i]->mean_w);
  }
  RelevanceModel& fps_model = fps_model_.emplace(fps_positions_);
  RelevanceModel& w_model = w_model_.emplace(w_positions_);
  fps_model.fit(x, log_fps, in.fps_relevance, in.noise.fps());
  w_model.fit(x, log_w, in.w_relevance, in.noise.w());

  // The objective in log space (larger is better) and the incumbent's value.
  const bool feasible_known = in.incumbent != nullptr;
  const double best =
      feasible_known ? log_objective(in.goal, in.incumbent->mean_fps, in.incumbent->mean_w) : 0.0;
  std::vector<std::size_t> pool;
  for (std::size_t index : candidates(in.incumbent, rng)) {
    if (!in.history.measured(index)) pool.push_back(index);
  }
  // Row-major, so that a candidate's levels are contiguous for levels().
  RelevanceModel::LevelMatrix points(static_cast<Eigen::Index>(pool.size()),
                                     static_cast<Eigen::Index>(k));
  for (std::size_t i = 0; i < pool.size(); ++i)
    space_->levels(pool[i], points.row(static_cast<Eigen::Index>(i)).data());
  Eigen::VectorXd f_sd_bound, w_sd_bound;
  const Eigen::VectorXd f_mean = fps_model.mean(points, &f_sd_bound);
  const Eigen::VectorXd w_mean = w_model.mean(points, &w_sd_bound);
  const LogGoal log_goal(in.goal);
  auto score = [&](const LogPrediction& p, double availability, bool bound) {
    double s = availability * (bound ? probability_feasible_bound(log_goal, p)
                                     : probability_feasible(log_goal, p));
    // Expected improvement grows with the deviations.
    if (feasible_known)
      s *= bound ? objective_improvement_bound(log_goal, p, best)
                 : objective_improvement(log_goal, p, best);
    return s;
  };
  // Score every candidate with upper bounds of its deviations (given only
  // its nearest measured point) and of the normal CDF and expected
  // improvement; the real deviations and scores are computed only where
  // that bound could still win.
  std::vector<std::pair<double, Eigen::Index>> by_bound;
  std::vector<double> availability(pool.size());
  for (Eigen::Index i = 0; i < points.rows(); ++i) {
    availability[static_cast<std::size_t>(i)] = in.available.probability(points.row(i).data());
    const LogPrediction widest{f_mean[i], f_sd_bound[i], w_mean[i], w_sd_bound[i]};
    by_bound.emplace_back(score(widest, availability[static_cast<std::size_t>(i)], true), i);
  }
  const auto [best_index, best_score] =
      bounded_argmax(std::move(by_bound), [&](const std::vector<Eigen::Index>& batch) {
        const Eigen::VectorXd f_sd = fps_model.sd(points, batch), w_sd = w_model.sd(points, batch);
        std::vector<double> scores;
        for (std::size_t b = 0; b < batch.size(); ++b) {
          const Eigen::Index i = batch[b], at = static_cast<Eigen::Index>(b);
          const LogPrediction p{f_mean[i], f_sd[at], w_mean[i], w_sd[at]};
          scores.push_back(score(p, availability[static_cast<std::size_t>(i)], false));
        }
        return scores;
      });
  // Below this the model expects nothing: let the pattern search refine.
  constexpr double kNothingExpected = 1e-4;
  if (best_index < 0 || best_score < (feasible_known ? kNothingExpected * 0.01 : kNothingExpected))
    return std::nullopt;
  const std::vector<Eigen::Index> chosen = {best_index};
  return Proposal{space_->config(pool[static_cast<std::size_t>(best_index)]),
                  {f_mean[best_index], fps_model.sd(points, chosen)[0], w_mean[best_index],
                   w_model.sd(points, chosen)[0]}};
}

std::optional<LogPrediction> ModelGuidedStep::predict(const Config& config) const {
  if (!fps_model_ || !w_model_) return std::nullopt;
  RelevanceModel::LevelMatrix at(1, static_cast<Eigen::Index>(config.level.size()));
  for (std::size_t j = 0; j < config.level.size(); ++j)
    at(0, static_cast<Eigen::Index>(j)) = config.level[j];
  const std::vector<Eigen::Index> row = {0};
  return LogPrediction{fps_model_->mean(at)[0], fps_model_->sd(at, row)[0], w_model_->mean(at)[0],
                       w_model_->sd(at, row)[0]};
}

}  // namespace core
