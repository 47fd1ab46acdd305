// `bo`: Bayesian optimization with constraints, the standard model-based
// baseline. One Gaussian process per metric (core/optimizers/shared/matern_gp.h: Matérn 5/2,
// ARD length scales by maximum marginal likelihood) on log throughput and
// log power over normalised knob levels, and the constrained expected
// improvement of Gardner et al., "Bayesian Optimization with Inequality
// Constraints", ICML 2014:
//   a(x) = EI(x) * prod_c P(c(x) holds),
//   EI over the best configuration that met the constraints as measured
//   (Jones et al. 1998), P(power <= budget) = Phi((log B - mu_W) / sd_W),
//   P(fps >= target) = Phi((mu_fps - log T) / sd_fps);
// before any configuration met the constraints, a(x) = prod_c P(c(x) holds).
// The acquisition is maximised over the discrete grid (every unmeasured
// configuration, or a seeded sample plus the incumbent's neighbours on big
// grids). Unlike CORAL it takes each measurement at face value: no
// re-measurement, and it recommends the best configuration that met the
// goal as measured.
#ifndef EDGETUNE_CORE_OPTIMIZERS_BAYESIAN_OPTIMIZATION_BAYESIAN_OPTIMIZATION_H_
#define EDGETUNE_CORE_OPTIMIZERS_BAYESIAN_OPTIMIZATION_BAYESIAN_OPTIMIZATION_H_

#include <random>
#include <vector>

#include "core/optimizer.h"
#include "core/trial_history.h"

namespace core {

class BayesianOptimization : public Optimizer {
 public:
  struct Options {
    // Latin-hypercube start: 2 per knob (a common default), capped at a
    // third of the trial budget.
    int initial_points_per_knob = 2;
    // Grids up to this size are scored exhaustively; bigger ones on this
    // many random unmeasured configurations plus the incumbent's neighbours.
    int candidates = 1000;

    // Throws InputError naming the field, its value and its limit.
    void validate() const;
  };

  BayesianOptimization() : BayesianOptimization(Options{}) {}
  explicit BayesianOptimization(Options options);

  void start(const ConfigSpace& space, const Goal& goal, const Budget& budget,
             std::uint64_t seed) override;
  std::optional<Config> propose() override;
  void observe(const Measurement& result) override;
  std::optional<Config> recommend() const override;

 private:
  // Flat indices of unmeasured configurations to score, in a seeded order.
  std::vector<std::size_t> candidates(const TrialHistory::Entry* incumbent);

  Options options_;
  const ConfigSpace* space_ = nullptr;
  Goal goal_;
  std::mt19937_64 rng_;
  TrialHistory history_;
  // positions_[j][l]: level l of knob j as the GPs' input, in [0, 1]
  // (knob_scale.h, by level index).
  std::vector<std::vector<double>> positions_;
  std::vector<Config> initial_design_;
  std::size_t initial_next_ = 0;
};

}  // namespace core

#endif  // EDGETUNE_CORE_OPTIMIZERS_BAYESIAN_OPTIMIZATION_BAYESIAN_OPTIMIZATION_H_
