// Drift events of a scenario (issue 27): the device changes at trial
// `at_trial` of a run, as a real box does when the detector is swapped for
// another, the board heats up and derates, or another process takes power.
//
// The device after the drift is the run's surface, or its board's surface
// of another model (`to_model`), with every throughput scaled by
// `throughput_scale` and `power_offset` times the goal's power budget added
// to every power reading. The goal is derived from the post-drift surface
// before the background load (the scenario's fractions, as the paper set
// derives them): an operator's budget does not grow with someone else's
// load. The run is scored against the oracle of the post-drift surface.
#ifndef EDGETUNE_EXPERIMENTS_RUN_DRIFT_H_
#define EDGETUNE_EXPERIMENTS_RUN_DRIFT_H_

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "core/goal.h"
#include "traces/surface.h"

namespace experiments {

struct Drift {
  int at_trial = 15;              // the first trial (0-based) on the changed device
  std::string to_model;           // a model name, "other" (see below), or empty: the same model
  double throughput_scale = 1.0;  // 0.8: a thermal derate of 20%
  double power_offset = 0.0;      // 0.15: background load of 15% of the power budget

  static Drift at(int at_trial, std::string to_model, double throughput_scale, double power_offset);

  // Throws core::InputError naming `scenario` and the field.
  void validate(const std::string& scenario) const;
  std::string describe() const;
  nlohmann::json json() const;
  // Reads {"at_trial": 15, "to_model": "yolov8x", "throughput_scale": 0.8,
  // "power_offset": 0.15} (every field optional).
  static Drift from_json(const nlohmann::json& j);
};

// The surface the run switches to, without the background load: `surface`,
// or the surface among `candidates` of the same device and knobs whose
// model is `to_model`; "other" picks the one whose peak throughput is
// farthest from `surface`'s (the lightest model for a heavy one and the
// other way round). Throws core::InputError when no candidate fits.
traces::Surface drifted_surface(
    const traces::Surface& surface, const Drift& drift,
    const std::vector<std::shared_ptr<const traces::Surface>>& candidates);

// Adds the background load for `goal` to `surface`'s power: power_offset
// times the goal's budget, or times the peak power when it has none.
void add_background_load(traces::Surface& surface, const Drift& drift, const core::Goal& goal);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_RUN_DRIFT_H_
