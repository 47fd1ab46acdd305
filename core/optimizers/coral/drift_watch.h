// CORAL's watch for drift (coral.h, item 6): whether the board still does
// what the readings so far say. It keeps the run's reading log, every
// reading with its role, from which the checks and the stale epochs derive,
// and owns the two strikes: the sentinel due next, the far-off reading held
// until the sentinel settles it, the first sign of a drift, and the
// surprises' CUSUM (drift_evidence.h). CORAL asks it for the sentinel when
// it proposes, and gets a verdict on each reading it observes; what to
// measure next stays CORAL's.
#ifndef EDGETUNE_CORE_OPTIMIZERS_CORAL_DRIFT_WATCH_H_
#define EDGETUNE_CORE_OPTIMIZERS_CORAL_DRIFT_WATCH_H_

#include <cstddef>
#include <optional>
#include <vector>

#include "core/config_space.h"
#include "core/goal.h"
#include "core/measurement.h"
#include "core/optimizers/coral/drift_evidence.h"
#include "core/optimizers/coral/noise_estimate.h"
#include "core/optimizers/coral/verification.h"
#include "core/optimizers/shared/acquisition.h"
#include "core/trial_history.h"

namespace core {

class DriftWatch {
 public:
  // The fields of Coral::Options named drift_* (coral.h explains them).
  struct Options {
    double repeat_z = 4.0;
    double confirm_z = 4.0;
    double cusum_allowance = 0.5;
    double cusum_limit = 5.0;
  };

  // What the reading of the trial just proposed checks: nothing, a
  // suspicion (a sentinel), or a recommendation CORAL watches (a monitor).
  enum class Check { kNone, kSentinel, kMonitor };

  // A reading's place in the run. Each trial's reading is logged once.
  enum class Role {
    kPooled,    // in this epoch's history
    kCheck,     // a check that agreed: kept apart, it adds up with later checks
    kHeld,      // far off its earlier readings, out of the history until a sentinel settles it
    kUnused,    // a check that neither agreed as a repeat nor undermines anything
    kSetAside,  // from before an alarm's first sign: informs the noise estimate only
    kDropped,   // a check of an epoch that an alarm ended
  };
  struct Reading {
    std::size_t trial;
    Measurement measurement;
    Role role;
  };

  // What the drift test makes of a reading.
  struct Verdict {
    enum class Kind { kAgrees, kHeld, kAlarm };
    Kind kind = Kind::kAgrees;
    // An alarm's deviation, in standard errors (+inf: a configuration that
    // ran before failed), and whether a sentinel raised it.
    double z = 0.0;
    bool by_sentinel = false;
    // A held reading the sentinel settled as noise, to pool before this one.
    std::optional<std::size_t> pool_held;
  };

  // What judging a reading needs of the run as it is now.
  struct Context {
    const TrialHistory& history;  // this epoch's pooled readings
    const NoiseEstimate& noise;
    const Verification& verification;
    const Goal& goal;
    // What the model predicted at the configuration (model-guided and
    // pattern proposals), for the surprises.
    const std::optional<LogPrediction>& predicted;
    bool last_trial;  // no trial left for a sentinel
  };

  // A watch for one run over `space` (which must outlive it); a run starts
  // with a fresh one, by assignment.
  DriftWatch() = default;
  DriftWatch(const Options& options, const ConfigSpace& space);

  // Proposing. Each proposal starts with nothing to check; a sentinel due
  // is taken first (its reading then checks it); CORAL may ask a reading to
  // monitor its recommendation.
  std::optional<Config> take_sentinel();
  void expect(Check check) { check_ = check; }
  Check check() const { return check_; }
  // The reading observed was not the proposal (a scripted one): it checks
  // nothing, and a sentinel taken for the proposal is due again.
  void unexpected(const std::optional<Config>& proposed);

  // Observing. Every reading is logged first, in trial order (role
  // kPooled until the verdict or CORAL says otherwise).
  void log(std::size_t trial, const Measurement& reading);
  // The verdict on the reading just logged (`trial`).
  Verdict judge(std::size_t trial, const Context& context);
  // After an agreeing verdict on a check reading: whether to pool it all
  // the same (it misses the goal and undermines its configuration's
  // margin), which takes it out of the checks; else it stays a check.
  bool pools_check(std::size_t trial, const Context& context);
  // An alarm at `trial`: the readings before the first sign of the drift
  // are set aside, a held one and `trial`'s start the new epoch's history,
  // the checks are dropped. Returns how many were set aside.
  std::size_t start_epoch(std::size_t trial);

  // What the log says.
  const Measurement& reading(std::size_t trial) const { return log_[trial].measurement; }
  // This epoch's history, rebuilt from the log (after an alarm).
  void fill_history(TrialHistory& history) const;
  // The readings of the epochs before each alarm: noise only.
  const std::vector<TrialHistory>& stale_epochs() const { return stale_epochs_; }
  // Whether one of the last `recent` trials read configuration `index`.
  bool read_lately(const Config& config, std::size_t recent) const;
  const std::vector<Reading>& log() const { return log_; }

 private:
  // The configuration a sentinel re-measures after surprises: the
  // recommendation, else the best trusted, else the best feasible, else
  // the configuration measured most often.
  static const TrialHistory::Entry* reference(const Context& context);
  // Whether check reading `trial`, averaged with its configuration's
  // readings and the agreeing checks, leaves the mean without a trusted
  // configuration's margin while missing the goal.
  bool undermines(std::size_t trial, const Context& context) const;
  void add_check(std::size_t trial);
  // Takes check `trial` out of the checks (rebuilt from the others).
  void forget_check(std::size_t trial);
  void suspect(std::size_t trial, const Config& sentinel);
  Verdict alarm(double z) const;

  Options options_;
  const ConfigSpace* space_ = nullptr;
  std::vector<Reading> log_;  // by trial
  // This epoch's agreeing checks, pooled per configuration (from the log).
  TrialHistory checks_;
  std::vector<TrialHistory> stale_epochs_;
  Check check_ = Check::kNone;
  std::optional<Config> sentinel_;  // due next trial
  // A far-off repeat held out of the history until it settles, and what
  // its reading checked.
  struct Held {
    std::size_t trial;
    Check check;
  };
  std::optional<Held> held_;
  // The trial of the first reading not yet explained as noise.
  std::optional<std::size_t> suspect_since_;
  SurpriseDrift surprises_{options_.cusum_allowance, options_.cusum_limit};
};

}  // namespace core

#endif  // EDGETUNE_CORE_OPTIMIZERS_CORAL_DRIFT_WATCH_H_
