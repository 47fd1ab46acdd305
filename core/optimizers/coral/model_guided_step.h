// CORAL's main step: fit a surrogate of log fps and log W whose length
// scales follow each knob's dCor with that metric (relevance_model.h), and
// measure the candidate with the highest expected improvement of the
// objective times the probability of meeting every constraint and of
// running at all; with no feasible point yet, the most probably feasible
// one. Candidates: global_candidates random configurations plus every
// configuration within two levels of the incumbent along one knob, or one
// level along a second.
#ifndef EDGETUNE_CORE_OPTIMIZERS_CORAL_MODEL_GUIDED_STEP_H_
#define EDGETUNE_CORE_OPTIMIZERS_CORAL_MODEL_GUIDED_STEP_H_

#include <optional>
#include <random>
#include <vector>

#include "core/config_space.h"
#include "core/goal.h"
#include "core/optimizers/coral/availability_model.h"
#include "core/optimizers/coral/noise_estimate.h"
#include "core/optimizers/coral/relevance_model.h"
#include "core/optimizers/shared/acquisition.h"
#include "core/trial_history.h"

namespace core {

class ModelGuidedStep {
 public:
  // What one step knows: the trials, the goal, the best configuration to
  // improve on (null: none feasible yet), which configurations run, each
  // knob's relevance to each metric, and the noise.
  struct Inputs {
    const TrialHistory& history;
    const Goal& goal;
    const TrialHistory::Entry* incumbent;
    const AvailabilityModel& available;
    const std::vector<double>& fps_relevance;
    const std::vector<double>& w_relevance;
    const NoiseEstimate& noise;
  };

  // A configuration to measure and what the surrogates predict there (log
  // fps and log W), which the drift test compares its reading with.
  struct Proposal {
    Config config;
    LogPrediction predicted;
  };

  explicit ModelGuidedStep(int global_candidates) : global_candidates_(global_candidates) {}

  // `space` must outlive the step (until the next start).
  void start(const ConfigSpace& space);

  // The configuration to measure next, or nullopt when fewer than three
  // configurations were measured or the model expects nothing anywhere
  // (then the pattern search refines). Draws candidates from `rng`.
  std::optional<Proposal> next(const Inputs& in, std::mt19937_64& rng);
  // What the surrogates of the last next() predict at `config` (nullopt
  // when it had too few readings to fit them): for the drift test of a
  // configuration another part of CORAL proposed.
  std::optional<LogPrediction> predict(const Config& config) const;

 private:
  // Flat indices (ConfigSpace::index), not Configs: ~400 per step.
  std::vector<std::size_t> candidates(const TrialHistory::Entry* base, std::mt19937_64& rng) const;

  int global_candidates_;
  const ConfigSpace* space_ = nullptr;
  // [j][l]: level l of knob j as each surrogate's input (knob_scale.h):
  // log(value) for throughput, value for power.
  std::vector<std::vector<double>> fps_positions_;
  std::vector<std::vector<double>> w_positions_;
  // The surrogates the last next() fitted.
  std::optional<RelevanceModel> fps_model_, w_model_;
};

}  // namespace core

#endif  // EDGETUNE_CORE_OPTIMIZERS_CORAL_MODEL_GUIDED_STEP_H_
