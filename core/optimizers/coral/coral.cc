#include "core/optimizers/coral/coral.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "core/optimizers/shared/acquisition.h"
#include "core/optimizers/shared/knob_scale.h"
#include "core/option_check.h"

namespace core {

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
  check_option(drift_repeat_z > 0, kOwner, "drift_repeat_z", drift_repeat_z, "> 0");
  check_option(drift_confirm_z > 0, kOwner, "drift_confirm_z", drift_confirm_z, "> 0");
  check_option(drift_cusum_allowance >= 0, kOwner, "drift_cusum_allowance", drift_cusum_allowance,
               ">= 0");
  check_option(drift_cusum_limit > 0, kOwner, "drift_cusum_limit", drift_cusum_limit, "> 0");
  check_option(handover_recheck_trials >= 0, kOwner, "handover_recheck_trials",
               handover_recheck_trials, ">= 0");
}

namespace {

constexpr double kInfinite = std::numeric_limits<double>::infinity();

Coral::Options validated(const Coral::Options& o) {
  o.validate();
  return o;
}

VerificationOptions verification_options(const Coral::Options& o) {
  return {o.confidence_z, o.recommend_z, o.verify_measurements, o.max_measurements};
}

std::unique_ptr<KnobPriority> knob_priority(const Coral::Options& o) {
  if (o.uniform_ranking) return std::make_unique<UniformPriority>();
  return std::make_unique<DcorPriority>();
}

DriftWatch::Options watch_options(const Coral::Options& o) {
  return {o.drift_repeat_z, o.drift_confirm_z, o.drift_cusum_allowance, o.drift_cusum_limit};
}

}  // namespace

Coral::Coral(Options options)
    : options_(validated(options)),
      priority_(knob_priority(options_)),
      model_step_(options_.global_candidates),
      pattern_(options_.initial_step_fraction, options_.boundary_margin) {}

Coral::Run::Run(const Options& options, const ConfigSpace& space_in, const Goal& goal_in,
                const Budget& budget_in, std::uint64_t seed)
    : space(&space_in),
      goal(goal_in),
      budget(budget_in),
      rng(seed),
      positions(knob_positions(space_in, KnobScale::kLevel)),
      noise(options.prior_noise, options.confidence_z),
      watch(watch_options(options), space_in) {
  history.reset(space_in);
  noise.update(history);
}

void Coral::start(const ConfigSpace& space, const Goal& goal, const Budget& budget,
                  std::uint64_t seed) {
  priority_->start(space);
  model_step_.start(space);
  pattern_.start(space);
  run_.emplace(options_, space, goal, budget, seed);
  plan_initial_design();
}

Verification Coral::verification() const {
  return Verification(run_->goal, verification_options(options_), run_->noise);
}

void Coral::plan_initial_design() {
  const int trials_left = run_->budget.max_trials - static_cast<int>(run_->trials);
  const int points = std::max(1, std::min(options_.initial_points, trials_left / 3));
  run_->initial_design = latin_hypercube(*run_->space, points, run_->rng);
  run_->initial_next = 0;
}

// Judged on the worst readings, as TrialHistory::feasible is.
double Coral::violation(const TrialHistory::Entry& e) const {
  return run_->goal.relative_violation(e.min_fps, e.max_w);
}

const TrialHistory::Entry* Coral::least_violating() const {
  const TrialHistory::Entry* best = nullptr;
  double best_v = std::numeric_limits<double>::infinity();
  for (const TrialHistory::Entry& e : run_->history.entries()) {
    if (!e.available || e.count == 0) continue;
    const double v = violation(e);
    if (std::isnan(v)) continue;
    // `best` is still null when the first violation is +inf (a reading of
    // infinite power), which ties best_v's initial value.
    if (!best || v < best_v ||
        (v == best_v && run_->goal.better(e.mean_fps, e.mean_w, best->mean_fps, best->mean_w))) {
      best = &e;
      best_v = v;
    }
  }
  return best;
}

const TrialHistory::Entry* Coral::model_incumbent(const TrialHistory::Entry* trusted_best) const {
  if (trusted_best) return trusted_best;
  if (const TrialHistory::Entry* feasible = run_->history.best_feasible(run_->goal))
    return feasible;
  if (run_->goal.objective != Objective::kMinPower || !run_->goal.power_budget_w) return nullptr;
  // Dual goal, nothing feasible yet: the budget points the same way as the
  // objective (less power), so improve on the least-power point that meets
  // the target; the model's P(feasible) keeps the budget in view.
  Goal target_only = run_->goal;
  target_only.power_budget_w.reset();
  return run_->history.best_feasible(target_only);
}

std::optional<Config> Coral::propose() {
  run_->proposed = next_proposal();
  return run_->proposed;
}

std::optional<Config> Coral::next_proposal() {
  run_->pending.reset();
  run_->predicted.reset();
  if (std::optional<Config> sentinel = run_->watch.take_sentinel()) return sentinel;
  if (run_->initial_next < run_->initial_design.size())
    return run_->initial_design[run_->initial_next++];
  if (options_.watch_drift && run_->budget.max_trials - static_cast<int>(run_->trials) == 2) {
    // The last trials hand the recommendation over: if no reading of it is
    // recent, check that it still does what its readings said (with a
    // trial left for a sentinel).
    if (const TrialHistory::Entry* recommended = verification().best_recommendable(run_->history);
        recommended &&
        !run_->watch.read_lately(recommended->config,
                                 static_cast<std::size_t>(options_.handover_recheck_trials))) {
      run_->watch.expect(DriftWatch::Check::kMonitor);
      return recommended->config;
    }
  }
  const TrialHistory::Entry* trusted_best = verification().best_trusted(run_->history);
  // The best trusted configuration while it is not recommendable yet (so it
  // was measured fewer than verify_measurements times). The last trials
  // verify it, keeping enough for the next contender's readings in case it
  // fails.
  const TrialHistory::Entry* unverified =
      trusted_best && !verification().recommendable(*trusted_best) ? trusted_best : nullptr;
  const int trials_left = run_->budget.max_trials - static_cast<int>(run_->trials);
  // After a drift alarm, until something is verified again, the board runs
  // on nothing verified (whether the alarm withdrew a recommendation or
  // came before one): verify the best trusted configuration at once (up to
  // max_measurements readings) rather than in the last trials (drift set:
  // recovery to 90% of the post-drift oracle 3 trials sooner, p10 0.61 ->
  // 0.68).
  const bool unverified_since_alarm =
      !run_->events.empty() && !verification().best_recommendable(run_->history);
  if (unverified &&
      ((unverified_since_alarm && unverified->count < options_.max_measurements) ||
       trials_left <= options_.verify_measurements - unverified->count + options_.max_measurements))
    return unverified->config;
  if (const TrialHistory::Entry* contender =
          verification().untrusted_contender(run_->history, trusted_best))
    return contender->config;

  const TrialHistory::Entry* base = trusted_best;
  if (!base) base = run_->history.best_feasible(run_->goal);
  if (!base) base = least_violating();
  // Nothing measured could run: try an unmeasured configuration at random.
  if (!base) return random_unmeasured(nullptr);
  priority_->update(*run_->space, run_->history, run_->rng);
  // Configurations that could not run (out of memory, ...): dCor says which
  // knob decides it (the ablation smooths isotropically, with no boundary).
  const AvailabilityModel available(run_->positions, run_->history,
                                    priority_->relevance(&KnobInfluence::dcor_available),
                                    priority_->finds_boundaries());
  const std::vector<double> fps_relevance = priority_->relevance(&KnobInfluence::dcor_fps);
  const std::vector<double> w_relevance = priority_->relevance(&KnobInfluence::dcor_w);
  if (auto next = model_step_.next({run_->history, run_->goal, model_incumbent(trusted_best),
                                    available, fps_relevance, w_relevance, run_->noise},
                                   run_->rng)) {
    if (options_.watch_drift) run_->predicted = next->predicted;
    return std::move(next->config);
  }
  while (true) {
    for (PatternSearch::Move& move : pattern_.ranked_moves(*base, run_->goal, *priority_)) {
      if (run_->history.measured(move.config) ||
          available.probability(move.config.level.data()) == 0.0)
        continue;
      run_->pending = move;
      if (options_.watch_drift) run_->predicted = model_step_.predict(move.config);
      return move.config;
    }
    if (pattern_.at_finest()) return when_search_exhausted(unverified, available);
    pattern_.refine();
  }
}

// Spend the trials left where they can still change the answer (verify the
// incumbent, or re-measure a configuration that would beat the
// recommendation but is not verified yet, however often it was measured),
// then stop with an answer, or, watching for drift, keep re-measuring it.
// Without one, trials left over are worth more
// spent looking elsewhere (a sparse or mostly unavailable grid strands the
// pattern search around a lone point) than saved.
std::optional<Config> Coral::when_search_exhausted(const TrialHistory::Entry* unverified,
                                                   const AvailabilityModel& available) {
  if (unverified) return unverified->config;
  const TrialHistory::Entry* recommended = verification().best_recommendable(run_->history);
  if (const TrialHistory::Entry* near_miss =
          verification().unrecommended_contender(run_->history, recommended))
    return near_miss->config;
  if (recommended) {
    if (!options_.watch_drift) return std::nullopt;
    run_->watch.expect(DriftWatch::Check::kMonitor);
    return recommended->config;
  }
  std::optional<Config> elsewhere = random_unmeasured(&available);
  if (elsewhere && options_.watch_drift) run_->predicted = model_step_.predict(*elsewhere);
  return elsewhere;
}

// An unmeasured configuration drawn at random: with `available`, the
// likeliest to run of global_candidates draws (none it rules out), else the
// first draw not measured yet.
std::optional<Config> Coral::random_unmeasured(const AvailabilityModel* available) {
  std::uniform_int_distribution<std::size_t> pick(0, run_->space->size() - 1);
  const int draws = available ? std::max(1, options_.global_candidates) : 1000;
  std::optional<Config> choice;
  double best = 0.0;
  for (int draw = 0; draw < draws; ++draw) {
    const std::size_t index = pick(run_->rng);
    if (run_->history.measured(index)) continue;
    Config c = run_->space->config(index);
    if (!available) return c;
    const double p = available->probability(c.level.data());
    if (p > best) best = p, choice = std::move(c);
  }
  return choice;
}

void Coral::observe(const Measurement& result) {
  const std::size_t trial = run_->trials++;
  if (!run_->proposed || result.config != *run_->proposed) {
    // Not what it proposed (a scripted reading): no prediction or check
    // applies to it, and a sentinel is still due.
    run_->watch.unexpected(run_->proposed);
    run_->predicted.reset();
  }
  run_->watch.log(trial, result);
  // The context refers to the history and noise, so it sees a held reading
  // pooled by the verdict.
  const Verification rules = verification();
  const DriftWatch::Context context{
      run_->history, run_->noise,     rules,
      run_->goal,    run_->predicted, static_cast<int>(run_->trials) >= run_->budget.max_trials};
  if (options_.watch_drift) {
    const DriftWatch::Verdict verdict = run_->watch.judge(trial, context);
    if (verdict.pool_held) pool(*verdict.pool_held);
    if (verdict.kind == DriftWatch::Verdict::Kind::kAlarm) return raise_alarm(trial, verdict);
    if (verdict.kind == DriftWatch::Verdict::Kind::kHeld) return;
  }
  if (run_->watch.check() != DriftWatch::Check::kNone && !run_->watch.pools_check(trial, context))
    return;
  const TrialHistory::Entry* before = run_->history.best_feasible(run_->goal);
  const bool had_feasible = before != nullptr;
  const double before_objective =
      before ? run_->goal.objective_value(before->mean_fps, before->mean_w) : 0.0;
  const TrialHistory::Entry* least = before ? nullptr : least_violating();
  const double before_violation =
      least ? violation(*least) : std::numeric_limits<double>::infinity();
  pool(trial);  // may move the entries `before` and `least` point to
  if (!run_->pending) return;
  const TrialHistory::Entry* entry = run_->history.find(result.config);
  bool improved = false;
  if (entry && entry->available) {
    if (had_feasible) {
      improved = TrialHistory::feasible(run_->goal, *entry) &&
                 run_->goal.objective_value(entry->mean_fps, entry->mean_w) > before_objective;
    } else {
      improved = TrialHistory::feasible(run_->goal, *entry) || violation(*entry) < before_violation;
    }
  }
  pattern_.adapt(*run_->pending, improved);
  run_->pending.reset();
}

void Coral::pool(std::size_t trial) {
  run_->history.add(run_->watch.reading(trial));
  run_->noise.update(run_->history, run_->watch.stale_epochs());
}

void Coral::raise_alarm(std::size_t trial, const DriftWatch::Verdict& verdict) {
  const bool had = recommend().has_value();
  const std::size_t set_aside = run_->watch.start_epoch(trial);
  run_->watch.fill_history(run_->history);
  run_->noise.update(run_->history, run_->watch.stale_epochs());
  pattern_.start(*run_->space);
  run_->pending.reset();
  run_->predicted.reset();
  plan_initial_design();
  const bool has = recommend().has_value();
  char off[64];
  std::snprintf(off, sizeof off, "%.1f standard errors off its earlier ones", verdict.z);
  std::string what = std::string("drift: a ") + (verdict.by_sentinel ? "sentinel" : "repeat") +
                     " reading " + (std::isinf(verdict.z) ? "failed where earlier ones ran" : off) +
                     "; " + std::to_string(set_aside) + " earlier readings set aside, " +
                     (!had  ? "nothing recommended yet"
                      : has ? "recommendation kept"
                            : "recommendation withdrawn") +
                     ", search restarted";
  run_->events.push_back({trial, std::move(what)});
}

// The best recommendable configuration (trusted, confirmed by the readings
// after its first, and keeping recommend_z standard errors of observed
// noise or measured verify_measurements times), or nothing. One that met the
// goal as measured but sits within the noise of a constraint is not
// recommended, however often it was measured: a recommendation is deployed
// as is, and "nothing verified" serves an operator better than a
// configuration that breaks the budget.
std::optional<Config> Coral::recommend() const {
  const TrialHistory::Entry* best = verification().best_recommendable(run_->history);
  if (!best) return std::nullopt;
  return best->config;
}

}  // namespace core
