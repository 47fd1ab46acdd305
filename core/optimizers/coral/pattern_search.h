// CORAL's fallback when its models expect nothing: a pattern search from
// the incumbent, ordered by what each knob is known to do (knob_priority.h).
// Raise knobs with high gain = dCor_fps / (dCor_W + 0.05), lower knobs that
// cost power for little throughput, or trade one for the other at a
// constraint; each knob's step (in levels) halves on failure and doubles on
// success, and every step halves once all moves at the present steps were
// tried.
#ifndef EDGETUNE_CORE_OPTIMIZERS_CORAL_PATTERN_SEARCH_H_
#define EDGETUNE_CORE_OPTIMIZERS_CORAL_PATTERN_SEARCH_H_

#include <optional>
#include <vector>

#include "core/config_space.h"
#include "core/goal.h"
#include "core/optimizers/coral/knob_priority.h"
#include "core/trial_history.h"

namespace core {

class PatternSearch {
 public:
  struct Move {
    Config config;
    std::vector<int> knobs;  // the knobs it changes
  };

  // initial_step_fraction: first step along each knob, as a fraction of
  // its number of levels; boundary_margin: relative slack below which the
  // base counts as at a constraint, so trades come before plain moves.
  PatternSearch(double initial_step_fraction, double boundary_margin);

  // `space` must outlive the search (until the next start).
  void start(const ConfigSpace& space);

  // Every move from `base` at the present steps, best first for the goal:
  // moves toward feasibility while `base` misses it; else toward the
  // objective, trades first when `base` sits within boundary_margin of a
  // constraint.
  std::vector<Move> ranked_moves(const TrialHistory::Entry& base, const Goal& goal,
                                 const KnobPriority& priority) const;

  // Lengthens (improved) or shortens the steps of the knobs `move` changed.
  void adapt(const Move& move, bool improved);
  // True when every step is one level: nothing finer to try.
  bool at_finest() const;
  // Halves every step (to at least one level).
  void refine();

 private:
  std::optional<Move> step(const Config& base, int knob, int direction) const;

  double initial_step_fraction_;
  double boundary_margin_;
  const ConfigSpace* space_ = nullptr;
  std::vector<int> step_;  // per knob, in levels
};

}  // namespace core

#endif  // EDGETUNE_CORE_OPTIMIZERS_CORAL_PATTERN_SEARCH_H_
