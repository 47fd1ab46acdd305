// CORAL: online throughput-power co-optimization steered by distance
// correlation. No offline profiling: it learns only from its own trials.
//
// 1. A Latin-hypercube start over knob levels (initial_points trials).
// 2. From then on, every proposal is a move from the incumbent (the best
//    configuration that met the goal as measured; before one exists, the
//    least-violating one). Moves are ranked by what the trials so far say
//    about each knob k: dCor(level_k, fps) and dCor(level_k, W) (Székely et
//    al. 2007; core/distance_correlation.h), and the knob's gain =
//    dCor_fps / (dCor_W + 0.05). With slack under the power budget it raises
//    the knobs that buy throughput; at the budget it trades (raises a
//    high-gain knob while lowering a low-gain one); for a throughput target
//    it lowers the knobs that cost power for little throughput; while
//    infeasible it moves the knob that most drives the violated metric.
// 3. Steps are per knob: a quarter of its levels at first, halved when a
//    move along it fails, doubled when it improves (pattern search).
// 4. Noise: a candidate is trusted only when mean + z standard errors meets
//    each constraint (noise estimated from its own re-measurements); a
//    better but untrusted candidate is measured again first. Feasibility is
//    also judged on the worst of its measurements (core::TrialHistory).
// 5. It stops early when every move at step 1 has been tried.
// core/CORAL.md gives the reasoning and every parameter.
#ifndef EDGETUNE_CORE_CORAL_H_
#define EDGETUNE_CORE_CORAL_H_

#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/knob_ranking.h"
#include "core/optimizer.h"
#include "core/trial_history.h"

namespace core {

class Coral : public Optimizer {
 public:
  struct Options {
    // Space-filling start; capped at a third of the trial budget.
    int initial_points = 6;
    // First step along each knob, as a fraction of its number of levels.
    double initial_step_fraction = 0.25;
    // A configuration is trusted to meet a constraint when its mean plus
    // confidence_z standard errors does (relative noise estimated from
    // re-measurements, pooled over configurations, starting from
    // prior_noise). Untrusted contenders are re-measured, up to
    // max_measurements times each.
    double confidence_z = 2.0;
    double prior_noise = 0.015;
    int max_measurements = 3;
    // Slack (relative) below which the incumbent counts as at a constraint,
    // so trades come before plain moves.
    double boundary_margin = 0.03;
    // Ablation: ignore distance correlation and order knobs uniformly at
    // random (seeded). Shows what dCor buys.
    bool uniform_ranking = false;

    // Throws InputError naming the field and its limit.
    void validate() const;
  };

  Coral() : Coral(Options{}) {}
  explicit Coral(Options options);

  void start(const ConfigSpace& space, const Goal& goal, const Budget& budget,
             std::uint64_t seed) override;
  std::optional<Config> propose() override;
  void observe(const Measurement& result) override;
  std::optional<Config> recommend() const override;

 private:
  struct Move {
    Config config;
    std::vector<int> knobs;  // the knobs it changes
  };

  void plan_initial_design();
  bool trusted(const TrialHistory::Entry& e) const;
  void update_noise_estimate();
  const TrialHistory::Entry* best_trusted() const;
  const TrialHistory::Entry* untrusted_contender() const;
  const TrialHistory::Entry* least_violating() const;
  double violation(const TrialHistory::Entry& e) const;
  std::vector<Move> ranked_moves(const TrialHistory::Entry& base) const;
  std::optional<Move> step(const Config& base, int knob, int direction) const;

  Options options_;
  const ConfigSpace* space_ = nullptr;
  Goal goal_;
  Budget budget_;
  std::mt19937_64 rng_;
  TrialHistory history_;
  std::vector<Config> initial_design_;
  std::size_t initial_next_ = 0;
  std::vector<int> step_;  // per knob, in levels
  std::vector<KnobInfluence> influence_;
  std::vector<int> uniform_order_;  // ablation: knob priority, reshuffled per round
  // The move last proposed, to adapt its knobs' steps once measured.
  std::optional<Move> pending_;
  // Pooled relative standard deviation of repeated measurements.
  double noise_fps_ = 0.0;
  double noise_w_ = 0.0;
};

}  // namespace core

#endif  // EDGETUNE_CORE_CORAL_H_
