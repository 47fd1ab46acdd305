// Which knobs CORAL's search tries first and which its models weigh: by
// distance correlation (the method), or uniformly at random (the
// `coral-uniform` ablation, which shows what dCor buys). The rest of CORAL
// asks this one object and never which of the two it is.
#ifndef EDGETUNE_CORE_OPTIMIZERS_CORAL_KNOB_PRIORITY_H_
#define EDGETUNE_CORE_OPTIMIZERS_CORAL_KNOB_PRIORITY_H_

#include <functional>
#include <memory>
#include <random>
#include <vector>

#include "core/config_space.h"
#include "core/optimizers/coral/knob_ranking.h"
#include "core/trial_history.h"

namespace core {

class KnobPriority {
 public:
  virtual ~KnobPriority() = default;

  // Resets to neutral: every knob's influence the default KnobInfluence.
  virtual void start(const ConfigSpace& space);
  // Once per search step, before moves are ranked or models fitted:
  // re-learn from the trials, or reshuffle.
  virtual void update(const ConfigSpace& space, const TrialHistory& history,
                      std::mt19937_64& rng) = 0;
  // Knob indices, highest `key` first (stable). The ablation ignores `key`.
  virtual std::vector<int> order(const std::function<double(int)>& key) const = 0;
  // Each knob's relevance to a metric, in [0, 1], for the surrogates.
  virtual std::vector<double> relevance(double KnobInfluence::*dcor) const = 0;
  // Whether the availability model may look for a separating boundary
  // along the knob that decides failures.
  virtual bool finds_boundaries() const = 0;

  // Per knob: dCor with each metric and the trend's direction.
  const std::vector<KnobInfluence>& influence() const { return influence_; }

 protected:
  std::vector<KnobInfluence> influence_;
};

// dCor(level, metric) over the trials so far (knob_ranking.h).
class DcorPriority : public KnobPriority {
 public:
  void update(const ConfigSpace& space, const TrialHistory& history, std::mt19937_64& rng) override;
  std::vector<int> order(const std::function<double(int)>& key) const override;
  std::vector<double> relevance(double KnobInfluence::*dcor) const override;
  bool finds_boundaries() const override { return true; }
};

// Every knob equally relevant; one seeded random order, reshuffled per step,
// serves every ranking.
class UniformPriority : public KnobPriority {
 public:
  void start(const ConfigSpace& space) override;
  void update(const ConfigSpace& space, const TrialHistory& history, std::mt19937_64& rng) override;
  std::vector<int> order(const std::function<double(int)>& key) const override;
  std::vector<double> relevance(double KnobInfluence::*dcor) const override;
  bool finds_boundaries() const override { return false; }

 private:
  std::vector<int> order_;
};

}  // namespace core

#endif  // EDGETUNE_CORE_OPTIMIZERS_CORAL_KNOB_PRIORITY_H_
