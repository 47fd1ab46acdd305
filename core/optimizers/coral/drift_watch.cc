#include "core/optimizers/coral/drift_watch.h"

#include <algorithm>
#include <cassert>
#include <limits>
#include <utility>

namespace core {

DriftWatch::DriftWatch(const Options& options, const ConfigSpace& space)
    : options_(options), space_(&space) {
  checks_.reset(space);
}

std::optional<Config> DriftWatch::take_sentinel() {
  check_ = Check::kNone;
  if (!sentinel_) return std::nullopt;
  check_ = Check::kSentinel;
  Config again = std::move(*sentinel_);
  sentinel_.reset();
  return again;
}

void DriftWatch::unexpected(const std::optional<Config>& proposed) {
  if (check_ == Check::kSentinel && proposed) sentinel_ = *proposed;
  check_ = Check::kNone;
}

void DriftWatch::log(std::size_t trial, const Measurement& reading) {
  assert(trial == log_.size());
  log_.push_back({trial, reading, Role::kPooled});
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
DriftWatch::Verdict DriftWatch::judge(std::size_t trial, const Context& context) {
  const Measurement& result = log_[trial].measurement;
  const TrialHistory::Entry* earlier = context.history.find(result.config);
  const bool failed = !result.available || result.power_cap_tripped;
  if (earlier && earlier->available && failed)
    return alarm(std::numeric_limits<double>::infinity());
  double z = 0.0;
  if (earlier && !failed) {
    z = repeat_deviation(*earlier, result.throughput_fps, result.power_w, 1, context.noise);
    // A monitor reading alone, and with the agreeing checks before it: the
    // first sees a sudden drift however many checks came before, the second
    // a small one. A sentinel is judged alone: the first strike it confirms
    // is among the checks, and would confirm itself.
    if (check_ != Check::kNone) {
      add_check(trial);
      const TrialHistory::Entry& checked = *checks_.find(result.config);
      if (check_ == Check::kMonitor)
        z = std::max(z, repeat_deviation(*earlier, checked.mean_fps, checked.mean_w, checked.count,
                                         context.noise));
    }
  }
  if (check_ == Check::kSentinel) {
    if (z > options_.confirm_z) return alarm(z);
    // Noise after all: a held ordinary reading joins the history, and so
    // does a held check reading that undermines its configuration.
    Verdict agrees;
    if (held_ && (held_->check == Check::kNone || undermines(held_->trial, context))) {
      if (held_->check != Check::kNone) forget_check(held_->trial);
      log_[held_->trial].role = Role::kPooled;
      agrees.pool_held = held_->trial;
    }
    held_.reset();
    suspect_since_.reset();
    return agrees;
  }
  if (z > options_.repeat_z) {
    if (context.last_trial) return alarm(z);
    suspect(trial, result.config);
    held_ = Held{trial, check_};
    if (check_ == Check::kNone) log_[trial].role = Role::kHeld;
    Verdict held;
    held.kind = Verdict::Kind::kHeld;
    return held;
  }
  if (!earlier && !failed && context.predicted &&
      surprises_.add(surprise_deviation(*context.predicted, result, context.noise))) {
    if (const TrialHistory::Entry* sentinel = reference(context)) suspect(trial, sentinel->config);
  }
  return {};
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
bool DriftWatch::pools_check(std::size_t trial, const Context& context) {
  if (!undermines(trial, context)) {
    if (log_[trial].role != Role::kCheck) log_[trial].role = Role::kUnused;
    return false;
  }
  if (log_[trial].role == Role::kCheck) forget_check(trial);
  log_[trial].role = Role::kPooled;
  return true;
}

bool DriftWatch::undermines(std::size_t trial, const Context& context) const {
  const Measurement& reading = log_[trial].measurement;
  if (!reading.available || context.goal.feasible(reading.throughput_fps, reading.power_w))
    return false;
  const TrialHistory::Entry* earlier = context.history.find(reading.config);
  const TrialHistory::Entry* checked = checks_.find(reading.config);
  if (!earlier || !checked) return true;
  const int n = earlier->count + checked->count;
  return !context.verification.mean_keeps_margin(
      (earlier->mean_fps * earlier->count + checked->mean_fps * checked->count) / n,
      (earlier->mean_w * earlier->count + checked->mean_w * checked->count) / n, n);
}

void DriftWatch::add_check(std::size_t trial) {
  log_[trial].role = Role::kCheck;
  checks_.add(log_[trial].measurement);
}

// TrialHistory cannot remove a reading: rebuild it from the others, in
// trial order, as they were added.
void DriftWatch::forget_check(std::size_t trial) {
  log_[trial].role = Role::kPooled;
  checks_.reset(*space_);
  for (const Reading& r : log_) {
    if (r.role == Role::kCheck) checks_.add(r.measurement);
  }
}

void DriftWatch::suspect(std::size_t trial, const Config& sentinel) {
  if (!suspect_since_) suspect_since_ = trial;
  sentinel_ = sentinel;
}

DriftWatch::Verdict DriftWatch::alarm(double z) const {
  Verdict v;
  v.kind = Verdict::Kind::kAlarm;
  v.z = z;
  v.by_sentinel = check_ == Check::kSentinel;
  return v;
}

// The readings from the first sign on (a held one included, and the
// alarm's own) start the new epoch; those before it only inform the noise
// estimate, since the board is as noisy as before but no longer does what
// they say.
std::size_t DriftWatch::start_epoch(std::size_t trial) {
  const std::size_t cut = suspect_since_.value_or(trial);
  if (held_) log_[held_->trial].role = Role::kPooled;
  log_[trial].role = Role::kPooled;
  TrialHistory stale;
  stale.reset(*space_);
  std::size_t set_aside = 0;
  for (Reading& r : log_) {
    if (r.role == Role::kCheck) {
      r.role = Role::kDropped;
    } else if (r.role == Role::kPooled && r.trial < cut) {
      r.role = Role::kSetAside;
      stale.add(r.measurement);
      ++set_aside;
    }
  }
  stale_epochs_.push_back(std::move(stale));
  checks_.reset(*space_);
  held_.reset();
  sentinel_.reset();
  suspect_since_.reset();
  surprises_.clear();
  return set_aside;
}

void DriftWatch::fill_history(TrialHistory& history) const {
  history.reset(*space_);
  for (const Reading& r : log_) {
    if (r.role == Role::kPooled) history.add(r.measurement);
  }
}

bool DriftWatch::read_lately(const Config& config, std::size_t recent) const {
  const std::size_t index = space_->index(config);
  for (std::size_t back = 0; back < recent && back < log_.size(); ++back) {
    if (space_->index(log_[log_.size() - 1 - back].measurement.config) == index) return true;
  }
  return false;
}

const TrialHistory::Entry* DriftWatch::reference(const Context& context) {
  if (const TrialHistory::Entry* recommended =
          context.verification.best_recommendable(context.history))
    return recommended;
  if (const TrialHistory::Entry* trusted = context.verification.best_trusted(context.history))
    return trusted;
  if (const TrialHistory::Entry* feasible = context.history.best_feasible(context.goal))
    return feasible;
  const TrialHistory::Entry* most = nullptr;
  for (const TrialHistory::Entry& e : context.history.entries()) {
    if (e.available && e.count > 0 && (!most || e.count >= most->count)) most = &e;
  }
  return most;
}

}  // namespace core
