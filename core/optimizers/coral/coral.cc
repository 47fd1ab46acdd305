#include "core/optimizers/coral/coral.h"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>
#include <vector>

#include "core/optimizers/coral/availability_model.h"
#include "core/optimizers/coral/bounded_argmax.h"
#include "core/optimizers/coral/relevance_model.h"
#include "core/optimizers/shared/acquisition.h"
#include "core/optimizers/shared/knob_scale.h"
#include "core/option_check.h"

namespace core {
namespace {

// Degrees of freedom of re-measurements below which the noise counts as
// not yet observed: too few to judge it on its own, or to let a
// recommendation rest on it.
constexpr double kMinObservedDof = 2.0;

// Knob indices sorted by `key` descending (stable: ties keep knob order).
template <typename Key>
std::vector<int> order_by(std::size_t n, Key key) {
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return key(a) > key(b); });
  return order;
}

}  // namespace

void Coral::Options::validate() const {
  constexpr const char* kOwner = "coral";
  check_option(initial_points >= 1, kOwner, "initial_points", initial_points, ">= 1");
  check_option(initial_step_fraction > 0 && initial_step_fraction <= 1, kOwner,
               "initial_step_fraction", initial_step_fraction, "in (0, 1]");
  check_option(confidence_z >= 0, kOwner, "confidence_z", confidence_z, ">= 0");
  check_option(recommend_z >= confidence_z, kOwner, "recommend_z", recommend_z,
               ">= confidence_z (" + option_value(confidence_z) + ")");
  check_option(prior_noise >= 0 && prior_noise < 0.5, kOwner, "prior_noise", prior_noise,
               "in [0, 0.5)");
  check_option(verify_measurements >= 1, kOwner, "verify_measurements", verify_measurements,
               ">= 1");
  check_option(max_measurements >= verify_measurements, kOwner, "max_measurements",
               max_measurements,
               ">= verify_measurements (" + option_value(verify_measurements) + ")");
  check_option(boundary_margin >= 0 && boundary_margin < 0.5, kOwner, "boundary_margin",
               boundary_margin, "in [0, 0.5)");
  check_option(global_candidates >= 0, kOwner, "global_candidates", global_candidates, ">= 0");
}

Coral::Coral(Options options) : options_(options) { options_.validate(); }

void Coral::start(const ConfigSpace& space, const Goal& goal, const Budget& budget,
                  std::uint64_t seed) {
  space_ = &space;
  goal_ = goal;
  budget_ = budget;
  rng_.seed(seed);
  history_.reset(space);
  step_.clear();
  for (const Knob& knob : space.knobs()) {
    const double levels = static_cast<double>(knob.values.size());
    step_.push_back(
        std::max(1, static_cast<int>(std::lround(levels * options_.initial_step_fraction))));
  }
  influence_.assign(space.num_knobs(), KnobInfluence{});
  positions_ = knob_positions(space, KnobScale::kLevel);
  fps_positions_ = knob_positions(space, KnobScale::kLogValue);
  w_positions_ = knob_positions(space, KnobScale::kValue);
  uniform_order_.resize(space.num_knobs());
  std::iota(uniform_order_.begin(), uniform_order_.end(), 0);
  pending_.reset();
  update_noise_estimate();
  plan_initial_design();
}

// Pooled relative variance over every re-measured configuration: once with
// the prior counted as two degrees of freedom, so one lucky pair cannot make
// the optimizer overconfident, and once from the measurements alone, which
// is what tells a quiet board (identical repeated readings) from a noisy one.
void Coral::update_noise_estimate() {
  double fps_sum = 0.0, w_sum = 0.0, dof = 0.0;
  int remeasured = 0;
  for (const TrialHistory::Entry& e : history_.entries()) {
    if (e.count < 2 || !(e.mean_fps > 0) || !(e.mean_w > 0)) continue;
    fps_sum += e.m2_fps / (e.mean_fps * e.mean_fps);
    w_sum += e.m2_w / (e.mean_w * e.mean_w);
    dof += e.count - 1;
    ++remeasured;
  }
  constexpr double kPriorDof = 2.0;
  const double prior_sum = kPriorDof * options_.prior_noise * options_.prior_noise;
  noise_fps_ = std::sqrt((prior_sum + fps_sum) / (kPriorDof + dof));
  noise_w_ = std::sqrt((prior_sum + w_sum) / (kPriorDof + dof));
  observed_dof_ = dof;
  remeasured_configurations_ = remeasured;
  observed_t_ =
      noise_observed()
          ? boost::math::quantile(boost::math::students_t(dof),
                                  boost::math::cdf(boost::math::normal(), options_.confidence_z))
          : 0.0;
  observed_noise_fps_ = dof > 0 ? std::sqrt(fps_sum / dof) : 0.0;
  observed_noise_w_ = dof > 0 ? std::sqrt(w_sum / dof) : 0.0;
}

// Not observed_t_ > 0: that quantile is 0 at confidence_z = 0 however many
// repeats there are.
bool Coral::noise_observed() const { return observed_dof_ >= kMinObservedDof; }

// Repeated readings identical to the last bit, at two configurations or
// more: a replayed recording without noise (a board's sensors averaged
// over a measurement window do not repeat themselves to the bit). Each
// reading is then taken as the truth, and a margin or a second reading
// guards against nothing. (A recording with a single repeat per point
// replays that one reading too; what it is scored against is its own
// business.)
bool Coral::readings_exact() const {
  return noise_observed() && remeasured_configurations_ >= 2 && observed_noise_fps_ == 0.0 &&
         observed_noise_w_ == 0.0;
}

void Coral::plan_initial_design() {
  initial_next_ = 0;
  const int points = std::max(1, std::min(options_.initial_points, budget_.max_trials / 3));
  initial_design_ = latin_hypercube(*space_, points, rng_);
}

// Judged on the worst readings, as TrialHistory::feasible is.
double Coral::violation(const TrialHistory::Entry& e) const {
  return goal_.relative_violation(e.min_fps, e.max_w);
}

Coral::Readings Coral::Readings::all(const TrialHistory::Entry& e) {
  return {e.mean_fps, e.mean_w, e.count};
}

bool Coral::meets_with_margin(const Readings& r, double z, double noise_fps, double noise_w) const {
  const double errors = z / std::sqrt(static_cast<double>(r.count));
  if (goal_.power_budget_w && r.mean_w * (1.0 + errors * noise_w) > *goal_.power_budget_w)
    return false;
  if (goal_.throughput_target_fps &&
      r.mean_fps * (1.0 - errors * noise_fps) < *goal_.throughput_target_fps)
    return false;
  return true;
}

// Its mean keeps confidence_z standard errors from each constraint with the
// prior-weighted noise. On a quiet board that prior would hide every
// configuration near a constraint for the whole run, so where
// `t_test_allowed` it may instead pass a one-sided Student t test at the
// same level on the noise observed alone (t quantile at the observed
// degrees of freedom: a small sample that happens to look quiet pays for
// its size).
bool Coral::keeps_margin(const Readings& r, bool t_test_allowed) const {
  if (meets_with_margin(r, options_.confidence_z, noise_fps_, noise_w_)) return true;
  return t_test_allowed && noise_observed() &&
         meets_with_margin(r, observed_t_, observed_noise_fps_, observed_noise_w_);
}

// Trusted: met the goal in every measurement and keeps the margin (the t
// test once measured verify_measurements times, or at once when readings
// are exact: its margin is then zero).
bool Coral::trusted(const TrialHistory::Entry& e) const {
  return TrialHistory::feasible(goal_, e) &&
         keeps_margin(Readings::all(e),
                      e.count >= options_.verify_measurements || readings_exact());
}

// The readings after the first keep the margin on their own. The first is
// the one that made the configuration a contender: the best of many
// readings near a constraint, selected for its luck, and it biases the mean
// (three readings of a configuration whose truth sits on the budget, the
// first 2 standard deviations lucky, keep 2 standard errors one time in 7
// instead of one in 44). The readings that confirm it were not selected.
bool Coral::confirmed(const TrialHistory::Entry& e) const {
  if (e.count < 2) return true;
  const int later = e.count - 1;
  const Readings after_first{(e.mean_fps * e.count - e.first_fps) / later,
                             (e.mean_w * e.count - e.first_w) / later, later};
  return keeps_margin(after_first, true);
}

// Trusted, confirmed, and either measured verify_measurements times (any
// number when readings are exact) or keeping recommend_z standard errors
// of the prior-weighted noise once re-measurements have observed the noise
// (the observed-noise test of trusted() needs verify_measurements anyway).
// Until then that noise is prior_noise, a guess about a board that may be
// noisier: a configuration picked as the best of many single readings
// under it is the one whose luck the guess underrates most.
bool Coral::recommendable(const TrialHistory::Entry& e) const {
  if (!trusted(e) || !confirmed(e)) return false;
  if (e.count >= options_.verify_measurements || readings_exact()) return true;
  return noise_observed() &&
         meets_with_margin(Readings::all(e), options_.recommend_z, noise_fps_, noise_w_);
}

const TrialHistory::Entry* Coral::best_trusted() const {
  return history_.best(goal_, [&](const TrialHistory::Entry& e) { return trusted(e); });
}

const TrialHistory::Entry* Coral::best_recommendable() const {
  return history_.best(goal_, [&](const TrialHistory::Entry& e) { return recommendable(e); });
}

// The best entry that met the constraints as measured, beats the trusted
// incumbent, but is not trusted yet (close to a constraint) and may still be
// re-measured: one more measurement settles whether it can be recommended.
const TrialHistory::Entry* Coral::untrusted_contender(const TrialHistory::Entry* incumbent) const {
  return history_.best(goal_, [&](const TrialHistory::Entry& e) {
    return TrialHistory::feasible(goal_, e) && !trusted(e) && e.count < options_.max_measurements &&
           (!incumbent ||
            goal_.better(e.mean_fps, e.mean_w, incumbent->mean_fps, incumbent->mean_w));
  });
}

// The best entry that met the goal in every reading and beats the
// recommendation (best_recommendable()) but is not recommendable itself,
// whatever its count: each further reading shrinks its standard error until
// it is verified, or misses the goal and rules it out. On a small grid the
// search runs out of moves with most trials left, and the optimum often
// sits within three readings' margin of a constraint.
const TrialHistory::Entry* Coral::unrecommended_contender(
    const TrialHistory::Entry* recommended) const {
  return history_.best(goal_, [&](const TrialHistory::Entry& e) {
    return TrialHistory::feasible(goal_, e) && !recommendable(e) &&
           (!recommended ||
            goal_.better(e.mean_fps, e.mean_w, recommended->mean_fps, recommended->mean_w));
  });
}

const TrialHistory::Entry* Coral::least_violating() const {
  const TrialHistory::Entry* best = nullptr;
  double best_v = std::numeric_limits<double>::infinity();
  for (const TrialHistory::Entry& e : history_.entries()) {
    if (!e.available || e.count == 0) continue;
    const double v = violation(e);
    if (v < best_v ||
        (v == best_v && goal_.better(e.mean_fps, e.mean_w, best->mean_fps, best->mean_w))) {
      best = &e;
      best_v = v;
    }
  }
  return best;
}

std::optional<Coral::Move> Coral::step(const Config& base, int knob, int direction) const {
  const int levels = static_cast<int>(space_->knob(static_cast<std::size_t>(knob)).values.size());
  const int from = base.level[static_cast<std::size_t>(knob)];
  const int to =
      std::clamp(from + direction * step_[static_cast<std::size_t>(knob)], 0, levels - 1);
  if (to == from) return std::nullopt;
  Move move{base, {knob}};
  move.config.level[static_cast<std::size_t>(knob)] = to;
  return move;
}

std::vector<Coral::Move> Coral::ranked_moves(const TrialHistory::Entry& base) const {
  const std::size_t n = space_->num_knobs();
  const auto& inf = influence_;
  auto uniform_or = [&](auto key) {
    if (!options_.uniform_ranking) return order_by(n, key);
    return uniform_order_;
  };
  // Knobs that buy throughput, and knobs that cost power without it.
  const std::vector<int> by_fps =
      uniform_or([&](int k) { return inf[k].dcor_fps * inf[k].gain(); });
  const std::vector<int> by_gain = uniform_or([&](int k) { return inf[k].gain(); });
  const std::vector<int> by_power_cost =
      uniform_or([&](int k) { return inf[k].dcor_w / (inf[k].dcor_fps + 0.05); });
  const std::vector<int> by_power = uniform_or([&](int k) { return inf[k].dcor_w; });

  std::vector<Move> ups, downs, cheaper, trades;
  for (int k : by_fps) {
    if (auto m = step(base.config, k, inf[k].fps_sign)) ups.push_back(*m);
  }
  for (int k : by_power_cost) {
    if (auto m = step(base.config, k, -inf[k].w_sign)) downs.push_back(*m);
  }
  for (int k : by_power) {
    if (auto m = step(base.config, k, -inf[k].w_sign)) cheaper.push_back(*m);
  }
  // Raise a knob that buys throughput while lowering one that costs power.
  for (int a : by_gain) {
    for (auto b = by_gain.rbegin(); b != by_gain.rend(); ++b) {
      if (*b == a) break;
      auto raise = step(base.config, a, inf[a].fps_sign);
      if (!raise) continue;
      auto lower = step(raise->config, *b, -inf[*b].w_sign);
      if (!lower) continue;
      lower->knobs = {a, *b};
      trades.push_back(*lower);
    }
  }

  std::vector<Move> order;
  auto append = [&](const std::vector<Move>& moves) {
    order.insert(order.end(), moves.begin(), moves.end());
  };
  if (!TrialHistory::feasible(goal_, base)) {
    const bool over = goal_.power_budget_w && base.max_w > *goal_.power_budget_w;
    const bool under = goal_.throughput_target_fps && base.min_fps < *goal_.throughput_target_fps;
    if (over && !under)
      append(cheaper), append(trades);
    else if (under && !over)
      append(ups), append(trades);
    else
      append(trades), append(cheaper), append(ups);
    return order;
  }
  if (goal_.objective == Objective::kMinPower) {
    const double slack =
        (base.min_fps - *goal_.throughput_target_fps) / *goal_.throughput_target_fps;
    if (slack > options_.boundary_margin)
      append(downs), append(trades), append(ups);
    else
      append(trades), append(downs), append(ups);
    return order;
  }
  const double slack = goal_.power_budget_w
                           ? (*goal_.power_budget_w - base.max_w) / *goal_.power_budget_w
                           : std::numeric_limits<double>::infinity();
  if (slack > options_.boundary_margin)
    append(ups), append(trades), append(downs);
  else
    append(trades), append(ups), append(downs);
  return order;
}

std::vector<std::size_t> Coral::candidates(const TrialHistory::Entry* base) {
  std::vector<std::size_t> out;
  std::uniform_int_distribution<std::size_t> pick(0, space_->size() - 1);
  const int global = std::min<std::size_t>(options_.global_candidates, space_->size());
  for (int i = 0; i < global; ++i) out.push_back(pick(rng_));
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

// Each knob's dCor with a metric, or 1 for every knob in the uniform
// ablation.
std::vector<double> Coral::relevance(double KnobInfluence::*dcor) const {
  std::vector<double> out(space_->num_knobs(), 1.0);
  if (!options_.uniform_ranking) {
    for (std::size_t j = 0; j < out.size(); ++j) out[j] = influence_[j].*dcor;
  }
  return out;
}

std::optional<Config> Coral::model_guided(const TrialHistory::Entry* incumbent,
                                          const AvailabilityModel& available) {
  std::vector<const TrialHistory::Entry*> seen;
  for (const TrialHistory::Entry& e : history_.entries()) {
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
  RelevanceModel fps_model(fps_positions_), w_model(w_positions_);
  fps_model.fit(x, log_fps, relevance(&KnobInfluence::dcor_fps), noise_fps_);
  w_model.fit(x, log_w, relevance(&KnobInfluence::dcor_w), noise_w_);

  // The objective in log space (larger is better) and the incumbent's value.
  const bool feasible_known = incumbent != nullptr;
  const double best =
      feasible_known ? log_objective(goal_, incumbent->mean_fps, incumbent->mean_w) : 0.0;
  std::vector<std::size_t> pool;
  for (std::size_t index : candidates(incumbent)) {
    if (!history_.measured(index)) pool.push_back(index);
  }
  // Row-major, so that a candidate's levels are contiguous for levels().
  RelevanceModel::LevelMatrix points(static_cast<Eigen::Index>(pool.size()),
                                     static_cast<Eigen::Index>(k));
  for (std::size_t i = 0; i < pool.size(); ++i)
    space_->levels(pool[i], points.row(static_cast<Eigen::Index>(i)).data());
  Eigen::VectorXd f_sd_bound, w_sd_bound;
  const Eigen::VectorXd f_mean = fps_model.mean(points, &f_sd_bound);
  const Eigen::VectorXd w_mean = w_model.mean(points, &w_sd_bound);
  const LogGoal log_goal(goal_);
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
    availability[static_cast<std::size_t>(i)] = available.probability(points.row(i).data());
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
  std::optional<Config> choice;
  if (best_index >= 0) choice = space_->config(pool[static_cast<std::size_t>(best_index)]);
  // Below this the model expects nothing: let the pattern search refine.
  constexpr double kNothingExpected = 1e-4;
  if (!choice || best_score < (feasible_known ? kNothingExpected * 0.01 : kNothingExpected))
    return std::nullopt;
  return choice;
}

std::optional<Config> Coral::propose() {
  pending_.reset();
  if (initial_next_ < initial_design_.size()) return initial_design_[initial_next_++];
  const TrialHistory::Entry* trusted_best = best_trusted();
  // The best trusted configuration while it is not recommendable yet (so it
  // was measured fewer than verify_measurements times). The last trials
  // verify it, keeping enough for the next contender's readings in case it
  // fails.
  const TrialHistory::Entry* unverified =
      trusted_best && !recommendable(*trusted_best) ? trusted_best : nullptr;
  const int trials_left = budget_.max_trials - static_cast<int>(history_.num_trials());
  if (unverified &&
      trials_left <= options_.verify_measurements - unverified->count + options_.max_measurements)
    return unverified->config;
  if (const TrialHistory::Entry* contender = untrusted_contender(trusted_best))
    return contender->config;

  const TrialHistory::Entry* base = trusted_best;
  if (!base) base = history_.best_feasible(goal_);
  if (!base) base = least_violating();
  // Nothing measured could run: try an unmeasured configuration at random.
  if (!base) return random_unmeasured(nullptr);
  if (options_.uniform_ranking) {
    std::shuffle(uniform_order_.begin(), uniform_order_.end(), rng_);
  } else {
    influence_ = rank_knobs(*space_, history_);
  }
  const TrialHistory::Entry* incumbent = trusted_best;
  if (!incumbent) incumbent = history_.best_feasible(goal_);
  if (!incumbent && goal_.objective == Objective::kMinPower && goal_.power_budget_w) {
    // Dual goal, nothing feasible yet: the budget points the same way as the
    // objective (less power), so improve on the least-power point that meets
    // the target; the model's P(feasible) keeps the budget in view.
    Goal target_only = goal_;
    target_only.power_budget_w.reset();
    incumbent = history_.best_feasible(target_only);
  }
  // Configurations that could not run (out of memory, ...): dCor says which
  // knob decides it (the ablation smooths isotropically, with no boundary).
  const AvailabilityModel available(positions_, history_, relevance(&KnobInfluence::dcor_available),
                                    !options_.uniform_ranking);
  if (auto next = model_guided(incumbent, available)) return next;
  while (true) {
    for (Move& move : ranked_moves(*base)) {
      if (history_.measured(move.config) || available.probability(move.config.level.data()) == 0.0)
        continue;
      pending_ = move;
      return move.config;
    }
    // Every move at these steps was tried: refine, or at step 1 spend the
    // trials left where they can still change the answer (re-measuring a
    // configuration that would beat it but is not verified yet, however
    // often it was measured), then stop with an answer. Without one, trials
    // left over are worth more spent looking elsewhere (a sparse or mostly
    // unavailable grid strands the pattern search around a lone point) than
    // saved.
    if (std::all_of(step_.begin(), step_.end(), [](int s) { return s == 1; })) {
      if (unverified) return unverified->config;
      const TrialHistory::Entry* recommended = best_recommendable();
      if (const TrialHistory::Entry* near_miss = unrecommended_contender(recommended))
        return near_miss->config;
      if (recommended) return std::nullopt;
      return random_unmeasured(&available);
    }
    for (int& s : step_) s = std::max(1, s / 2);
  }
}

// An unmeasured configuration drawn at random: with `available`, the
// likeliest to run of global_candidates draws (none it rules out), else the
// first draw not measured yet.
std::optional<Config> Coral::random_unmeasured(const AvailabilityModel* available) {
  std::uniform_int_distribution<std::size_t> pick(0, space_->size() - 1);
  const int draws = available ? std::max(1, options_.global_candidates) : 1000;
  std::optional<Config> choice;
  double best = 0.0;
  for (int draw = 0; draw < draws; ++draw) {
    const std::size_t index = pick(rng_);
    if (history_.measured(index)) continue;
    Config c = space_->config(index);
    if (!available) return c;
    const double p = available->probability(c.level.data());
    if (p > best) best = p, choice = std::move(c);
  }
  return choice;
}

void Coral::observe(const Measurement& result) {
  const TrialHistory::Entry* before = history_.best_feasible(goal_);
  const double before_objective =
      before ? goal_.objective_value(before->mean_fps, before->mean_w) : 0.0;
  const TrialHistory::Entry* least = before ? nullptr : least_violating();
  const double before_violation =
      least ? violation(*least) : std::numeric_limits<double>::infinity();
  history_.add(result);
  update_noise_estimate();
  if (!pending_) return;
  const TrialHistory::Entry* entry = history_.find(result.config);
  bool improved = false;
  if (entry && entry->available) {
    if (before) {
      improved = TrialHistory::feasible(goal_, *entry) &&
                 goal_.objective_value(entry->mean_fps, entry->mean_w) > before_objective;
    } else {
      improved = TrialHistory::feasible(goal_, *entry) || violation(*entry) < before_violation;
    }
  }
  for (int k : pending_->knobs) {
    const int levels = static_cast<int>(space_->knob(static_cast<std::size_t>(k)).values.size());
    int& s = step_[static_cast<std::size_t>(k)];
    s = improved ? std::min(std::max(1, levels / 2), 2 * s) : std::max(1, s / 2);
  }
  pending_.reset();
}

// The best recommendable configuration (trusted, confirmed by the readings
// after its first, and keeping recommend_z standard errors of observed
// noise or measured verify_measurements times), or nothing. One that met the
// goal as measured but sits within the noise of a constraint is not
// recommended, however often it was measured: a recommendation is deployed
// as is, and "nothing verified" serves an operator better than a
// configuration that breaks the budget.
std::optional<Config> Coral::recommend() const {
  const TrialHistory::Entry* best = best_recommendable();
  if (!best) return std::nullopt;
  return best->config;
}

}  // namespace core
