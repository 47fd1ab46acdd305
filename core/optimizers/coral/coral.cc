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

}  // namespace

Coral::Coral(Options options)
    : options_(validated(options)),
      noise_(options_.prior_noise, options_.confidence_z),
      verification_(Goal{}, verification_options(options_), &noise_),
      priority_(knob_priority(options_)),
      model_step_(options_.global_candidates),
      pattern_(options_.initial_step_fraction, options_.boundary_margin),
      surprises_(options_.drift_cusum_allowance, options_.drift_cusum_limit) {}

void Coral::start(const ConfigSpace& space, const Goal& goal, const Budget& budget,
                  std::uint64_t seed) {
  space_ = &space;
  goal_ = goal;
  budget_ = budget;
  rng_.seed(seed);
  history_.reset(space);
  positions_ = knob_positions(space, KnobScale::kLevel);
  noise_ = NoiseEstimate(options_.prior_noise, options_.confidence_z);
  noise_.update(history_);
  verification_ = Verification(goal, verification_options(options_), &noise_);
  priority_->start(space);
  model_step_.start(space);
  pattern_.start(space);
  pending_.reset();
  trials_ = 0;
  read_log_.clear();
  epoch_readings_.clear();
  checks_.reset(space);
  check_readings_.clear();
  stale_epochs_.clear();
  proposed_.reset();
  predicted_.reset();
  check_ = Check::kNone;
  sentinel_.reset();
  held_.reset();
  suspect_since_.reset();
  surprises_ = SurpriseDrift(options_.drift_cusum_allowance, options_.drift_cusum_limit);
  events_.clear();
  plan_initial_design();
}

void Coral::plan_initial_design() {
  const int trials_left = budget_.max_trials - static_cast<int>(trials_);
  const int points = std::max(1, std::min(options_.initial_points, trials_left / 3));
  initial_design_ = latin_hypercube(*space_, points, rng_);
  initial_next_ = 0;
}

// Judged on the worst readings, as TrialHistory::feasible is.
double Coral::violation(const TrialHistory::Entry& e) const {
  return goal_.relative_violation(e.min_fps, e.max_w);
}

const TrialHistory::Entry* Coral::least_violating() const {
  const TrialHistory::Entry* best = nullptr;
  double best_v = std::numeric_limits<double>::infinity();
  for (const TrialHistory::Entry& e : history_.entries()) {
    if (!e.available || e.count == 0) continue;
    const double v = violation(e);
    if (std::isnan(v)) continue;
    // `best` is still null when the first violation is +inf (a reading of
    // infinite power), which ties best_v's initial value.
    if (!best || v < best_v ||
        (v == best_v && goal_.better(e.mean_fps, e.mean_w, best->mean_fps, best->mean_w))) {
      best = &e;
      best_v = v;
    }
  }
  return best;
}

const TrialHistory::Entry* Coral::model_incumbent(const TrialHistory::Entry* trusted_best) const {
  if (trusted_best) return trusted_best;
  if (const TrialHistory::Entry* feasible = history_.best_feasible(goal_)) return feasible;
  if (goal_.objective != Objective::kMinPower || !goal_.power_budget_w) return nullptr;
  // Dual goal, nothing feasible yet: the budget points the same way as the
  // objective (less power), so improve on the least-power point that meets
  // the target; the model's P(feasible) keeps the budget in view.
  Goal target_only = goal_;
  target_only.power_budget_w.reset();
  return history_.best_feasible(target_only);
}

std::optional<Config> Coral::propose() {
  proposed_ = next_proposal();
  return proposed_;
}

std::optional<Config> Coral::next_proposal() {
  pending_.reset();
  predicted_.reset();
  check_ = Check::kNone;
  if (sentinel_) {
    check_ = Check::kSentinel;
    Config again = std::move(*sentinel_);
    sentinel_.reset();
    return again;
  }
  if (initial_next_ < initial_design_.size()) return initial_design_[initial_next_++];
  if (options_.watch_drift && budget_.max_trials - static_cast<int>(trials_) == 2) {
    // The last trials hand the recommendation over: if no reading of it is
    // recent, check that it still does what its readings said (with a
    // trial left for a sentinel).
    if (const TrialHistory::Entry* recommended = verification_.best_recommendable(history_);
        recommended && !read_lately(recommended->config)) {
      check_ = Check::kMonitor;
      return recommended->config;
    }
  }
  const TrialHistory::Entry* trusted_best = verification_.best_trusted(history_);
  // The best trusted configuration while it is not recommendable yet (so it
  // was measured fewer than verify_measurements times). The last trials
  // verify it, keeping enough for the next contender's readings in case it
  // fails.
  const TrialHistory::Entry* unverified =
      trusted_best && !verification_.recommendable(*trusted_best) ? trusted_best : nullptr;
  const int trials_left = budget_.max_trials - static_cast<int>(trials_);
  // After a drift alarm, until something is verified again, the board runs
  // on nothing verified (whether the alarm withdrew a recommendation or
  // came before one): verify the best trusted configuration at once (up to
  // max_measurements readings) rather than in the last trials (drift set:
  // recovery to 90% of the post-drift oracle 3 trials sooner, p10 0.61 ->
  // 0.68).
  const bool unverified_since_alarm =
      !events_.empty() && !verification_.best_recommendable(history_);
  if (unverified &&
      ((unverified_since_alarm && unverified->count < options_.max_measurements) ||
       trials_left <= options_.verify_measurements - unverified->count + options_.max_measurements))
    return unverified->config;
  if (const TrialHistory::Entry* contender =
          verification_.untrusted_contender(history_, trusted_best))
    return contender->config;

  const TrialHistory::Entry* base = trusted_best;
  if (!base) base = history_.best_feasible(goal_);
  if (!base) base = least_violating();
  // Nothing measured could run: try an unmeasured configuration at random.
  if (!base) return random_unmeasured(nullptr);
  priority_->update(*space_, history_, rng_);
  // Configurations that could not run (out of memory, ...): dCor says which
  // knob decides it (the ablation smooths isotropically, with no boundary).
  const AvailabilityModel available(positions_, history_,
                                    priority_->relevance(&KnobInfluence::dcor_available),
                                    priority_->finds_boundaries());
  const std::vector<double> fps_relevance = priority_->relevance(&KnobInfluence::dcor_fps);
  const std::vector<double> w_relevance = priority_->relevance(&KnobInfluence::dcor_w);
  if (auto next = model_step_.next({history_, goal_, model_incumbent(trusted_best), available,
                                    fps_relevance, w_relevance, noise_},
                                   rng_)) {
    if (options_.watch_drift) predicted_ = next->predicted;
    return std::move(next->config);
  }
  while (true) {
    for (PatternSearch::Move& move : pattern_.ranked_moves(*base, goal_, *priority_)) {
      if (history_.measured(move.config) || available.probability(move.config.level.data()) == 0.0)
        continue;
      pending_ = move;
      if (options_.watch_drift) predicted_ = model_step_.predict(move.config);
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
  const TrialHistory::Entry* recommended = verification_.best_recommendable(history_);
  if (const TrialHistory::Entry* near_miss =
          verification_.unrecommended_contender(history_, recommended))
    return near_miss->config;
  if (recommended) {
    if (!options_.watch_drift) return std::nullopt;
    check_ = Check::kMonitor;
    return recommended->config;
  }
  std::optional<Config> elsewhere = random_unmeasured(&available);
  if (elsewhere && options_.watch_drift) predicted_ = model_step_.predict(*elsewhere);
  return elsewhere;
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
  const std::size_t trial = trials_++;
  if (!proposed_ || result.config != *proposed_) {
    // Not what it proposed (a scripted reading): no prediction or check
    // applies to it, and a sentinel is still due.
    if (check_ == Check::kSentinel) sentinel_ = *proposed_;
    predicted_.reset();
    check_ = Check::kNone;
  }
  read_log_.push_back(space_->index(result.config));
  if (options_.watch_drift && drift_verdict(result, trial) != Verdict::kAgrees) return;
  if (check_ != Check::kNone) {
    if (!check_undermines(result)) return;
    forget_check(result);
  }
  const TrialHistory::Entry* before = history_.best_feasible(goal_);
  const bool had_feasible = before != nullptr;
  const double before_objective =
      before ? goal_.objective_value(before->mean_fps, before->mean_w) : 0.0;
  const TrialHistory::Entry* least = before ? nullptr : least_violating();
  const double before_violation =
      least ? violation(*least) : std::numeric_limits<double>::infinity();
  pool(result, trial);  // may move the entries `before` and `least` point to
  if (!pending_) return;
  const TrialHistory::Entry* entry = history_.find(result.config);
  bool improved = false;
  if (entry && entry->available) {
    if (had_feasible) {
      improved = TrialHistory::feasible(goal_, *entry) &&
                 goal_.objective_value(entry->mean_fps, entry->mean_w) > before_objective;
    } else {
      improved = TrialHistory::feasible(goal_, *entry) || violation(*entry) < before_violation;
    }
  }
  pattern_.adapt(*pending_, improved);
  pending_.reset();
}

bool Coral::read_lately(const Config& config) const {
  const std::size_t index = space_->index(config);
  const std::size_t recent = static_cast<std::size_t>(options_.handover_recheck_trials);
  for (std::size_t back = 0; back < recent && back < read_log_.size(); ++back) {
    if (read_log_[read_log_.size() - 1 - back] == index) return true;
  }
  return false;
}

// A reading taken only to check for drift that agrees is not pooled: the
// search goes on exactly as if it had not been taken (it costs a trial,
// nothing else), and every further reading of a configuration near a
// constraint would be another chance for its worst reading to miss it,
// withdrawing sound recommendations at random. Unless it misses the goal
// and, averaged with the configuration's readings and the checks before
// it, leaves the mean without the margin a trusted configuration keeps: a
// small drift (a 10% derate that no single reading shows) then withdraws
// the recommendation all the same (with 10% derates and 7% loads at trial
// 15 and 20% derates and 15% loads at trial 25: 9 instead of 20 infeasible
// final recommendations of 2,160 when introduced; on the stable paper set,
// 0.4 points of strict duals and 0.2 of the min-power median).
bool Coral::check_undermines(const Measurement& result) const {
  if (!result.available || goal_.feasible(result.throughput_fps, result.power_w)) return false;
  const TrialHistory::Entry* earlier = history_.find(result.config);
  const TrialHistory::Entry* checked = checks_.find(result.config);
  if (!earlier || !checked) return true;
  const int n = earlier->count + checked->count;
  return !verification_.mean_keeps_margin(
      (earlier->mean_fps * earlier->count + checked->mean_fps * checked->count) / n,
      (earlier->mean_w * earlier->count + checked->mean_w * checked->count) / n, n);
}

void Coral::add_check(const Measurement& reading) {
  check_readings_.push_back(reading);
  checks_.add(reading);
}

// TrialHistory cannot remove a reading: rebuild it from the others.
void Coral::forget_check(const Measurement& reading) {
  for (auto it = check_readings_.rbegin(); it != check_readings_.rend(); ++it) {
    if (it->config == reading.config && it->throughput_fps == reading.throughput_fps &&
        it->power_w == reading.power_w) {
      check_readings_.erase(std::next(it).base());
      break;
    }
  }
  checks_.reset(*space_);
  for (const Measurement& m : check_readings_) checks_.add(m);
}

void Coral::pool(const Measurement& result, std::size_t trial) {
  history_.add(result);
  if (options_.watch_drift) epoch_readings_.emplace_back(trial, result);
  noise_.update(history_, stale_epochs_);
}

const TrialHistory::Entry* Coral::drift_reference() const {
  if (const TrialHistory::Entry* recommended = verification_.best_recommendable(history_))
    return recommended;
  if (const TrialHistory::Entry* trusted = verification_.best_trusted(history_)) return trusted;
  if (const TrialHistory::Entry* feasible = history_.best_feasible(goal_)) return feasible;
  const TrialHistory::Entry* most = nullptr;
  for (const TrialHistory::Entry& e : history_.entries()) {
    if (e.available && e.count > 0 && (!most || e.count >= most->count)) most = &e;
  }
  return most;
}

// Two strikes: a repeat far off its earlier readings, or surprises that
// drift one way, make the next trial a sentinel (the same configuration
// again, or the reference), and only a sentinel that is off as well raises
// the alarm. A far-off repeat is held out of the history meanwhile, so the
// sentinel is compared with the readings before it. A configuration that
// ran before and fails now (or trips the power cap) needs no second
// strike, nor does a far-off repeat with no trial left for a sentinel.
// Check readings that agree accumulate (checks_), so a small drift that
// no single one shows still adds up.
Coral::Verdict Coral::drift_verdict(const Measurement& result, std::size_t trial) {
  const TrialHistory::Entry* earlier = history_.find(result.config);
  const bool failed = !result.available || result.power_cap_tripped;
  if (earlier && earlier->available && failed) return raise_alarm(trial, kInfinite, result);
  double z = 0.0;
  if (earlier && !failed) {
    z = repeat_deviation(*earlier, result.throughput_fps, result.power_w, 1, noise_);
    // A monitor reading alone, and with the agreeing checks before it: the
    // first sees a sudden drift however many checks came before, the second
    // a small one. A sentinel is judged alone: the first strike it confirms
    // is among the checks, and would confirm itself.
    if (check_ != Check::kNone) {
      add_check(result);
      const TrialHistory::Entry& checked = *checks_.find(result.config);
      if (check_ == Check::kMonitor)
        z = std::max(
            z, repeat_deviation(*earlier, checked.mean_fps, checked.mean_w, checked.count, noise_));
    }
  }
  if (check_ == Check::kSentinel) {
    if (z > options_.drift_confirm_z) return raise_alarm(trial, z, result);
    // Noise after all: a held ordinary reading joins the history, and so
    // does a held check reading that undermines its configuration.
    if (held_ && (held_->check == Check::kNone || check_undermines(held_->reading))) {
      if (held_->check != Check::kNone) forget_check(held_->reading);
      pool(held_->reading, held_->trial);
    }
    held_.reset();
    suspect_since_.reset();
    return Verdict::kAgrees;
  }
  if (z > options_.drift_repeat_z) {
    if (static_cast<int>(trials_) >= budget_.max_trials) return raise_alarm(trial, z, result);
    suspect(trial, result.config);
    held_ = Held{trial, result, check_};
    return Verdict::kHeld;
  }
  if (!earlier && !failed && predicted_ &&
      surprises_.add(surprise_deviation(*predicted_, result, noise_))) {
    if (const TrialHistory::Entry* reference = drift_reference()) suspect(trial, reference->config);
  }
  return Verdict::kAgrees;
}

void Coral::suspect(std::size_t trial, const Config& sentinel) {
  if (!suspect_since_) suspect_since_ = trial;
  sentinel_ = sentinel;
}

Coral::Verdict Coral::raise_alarm(std::size_t trial, double z, const Measurement& result) {
  const bool had = recommend().has_value();
  const std::size_t set_aside = start_epoch(suspect_since_.value_or(trial), trial, result);
  const bool has = recommend().has_value();
  char off[64];
  std::snprintf(off, sizeof off, "%.1f standard errors off its earlier ones", z);
  std::string what = std::string("drift: a ") +
                     (check_ == Check::kSentinel ? "sentinel" : "repeat") + " reading " +
                     (std::isinf(z) ? "failed where earlier ones ran" : off) + "; " +
                     std::to_string(set_aside) + " earlier readings set aside, " +
                     (!had  ? "nothing recommended yet"
                      : has ? "recommendation kept"
                            : "recommendation withdrawn") +
                     ", search restarted";
  events_.push_back({trial, std::move(what)});
  return Verdict::kAlarm;
}

// The readings from `cut` on (a held one included, and `result`, the
// alarm's, at `trial`) start the new epoch; those before it only inform
// the noise estimate, since the board is as noisy as before but no longer
// does what they say.
std::size_t Coral::start_epoch(std::size_t cut, std::size_t trial, const Measurement& result) {
  TrialHistory stale;
  stale.reset(*space_);
  history_.reset(*space_);
  checks_.reset(*space_);
  check_readings_.clear();
  if (held_) epoch_readings_.emplace_back(held_->trial, std::move(held_->reading));
  held_.reset();
  std::vector<std::pair<std::size_t, Measurement>> kept;
  std::size_t set_aside = 0;
  for (auto& [t, m] : epoch_readings_) {
    if (t < cut) {
      stale.add(m);
      ++set_aside;
    } else {
      history_.add(m);
      kept.emplace_back(t, std::move(m));
    }
  }
  history_.add(result);
  kept.emplace_back(trial, result);
  epoch_readings_ = std::move(kept);
  stale_epochs_.push_back(std::move(stale));
  noise_.update(history_, stale_epochs_);
  pattern_.start(*space_);
  pending_.reset();
  predicted_.reset();
  sentinel_.reset();
  suspect_since_.reset();
  surprises_.clear();
  plan_initial_design();
  return set_aside;
}

// The best recommendable configuration (trusted, confirmed by the readings
// after its first, and keeping recommend_z standard errors of observed
// noise or measured verify_measurements times), or nothing. One that met the
// goal as measured but sits within the noise of a constraint is not
// recommended, however often it was measured: a recommendation is deployed
// as is, and "nothing verified" serves an operator better than a
// configuration that breaks the budget.
std::optional<Config> Coral::recommend() const {
  const TrialHistory::Entry* best = verification_.best_recommendable(history_);
  if (!best) return std::nullopt;
  return best->config;
}

}  // namespace core
