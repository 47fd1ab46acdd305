// The physics a completion can lean on (`complete --method model-gp`): the
// synthesizer's performance model (sim/performance_model.h) of the
// surface's board, its detector's and board's free figures calibrated to
// the readings, as a prior mean; a GP (matern_gp.h) then models what the
// prior misses. Where the readings are few, the prior carries the shape a
// board has (throughput saturating in clocks and streams, power growing with
// V^2 f), which a GP alone would have to learn from the readings, and worst
// at the peak, where optimizers are judged.
#ifndef EDGETUNE_EXPERIMENTS_COMPLETION_PHYSICS_PRIOR_H_
#define EDGETUNE_EXPERIMENTS_COMPLETION_PHYSICS_PRIOR_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sim/performance_model.h"
#include "traces/surface.h"

namespace experiments {

class PhysicsPrior {
 public:
  // Calibrates the model of `device_profile` (a profile id; empty: the
  // surface's device) to the readings at `points` (measured, could run) of
  // `surface`, by least squares on log-throughput and log-power (Nelder-Mead
  // over the log of each free figure). Throws core::InputError when no
  // device profile matches or a surface knob is not a standard one.
  PhysicsPrior(const traces::Surface& surface, const std::vector<std::size_t>& points,
               const std::string& device_profile);

  // log throughput and log power of the calibrated model at flat index
  // `point`; false when the model says the configuration cannot run.
  bool predict(std::size_t point, double& log_fps, double& log_watts) const;

  // The calibrated figures and the fit's root mean square log errors.
  const nlohmann::json& fitted() const { return fitted_; }

 private:
  sim::OperatingPoint operating_point(std::size_t point) const;

  const traces::Surface& surface_;
  sim::DeviceProfile device_;
  sim::ModelProfile model_;
  std::optional<sim::PerformanceModel> calibrated_;
  std::vector<int> knob_of_;  // surface axis -> OperatingPoint field
  nlohmann::json fitted_;
};

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_COMPLETION_PHYSICS_PRIOR_H_
