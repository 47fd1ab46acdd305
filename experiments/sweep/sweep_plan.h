// What a sweep runs: every (surface, scenario, optimizer, seed index)
// combination. A run's seed is its cell's key, derived from the sweep seed,
// the surface and scenario names and the seed index alone: not from the
// optimizer (every method of a cell reads common random numbers), nor from
// the number of threads or the order runs finish in.
#ifndef EDGETUNE_EXPERIMENTS_SWEEP_SWEEP_PLAN_H_
#define EDGETUNE_EXPERIMENTS_SWEEP_SWEEP_PLAN_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "experiments/run/scenarios.h"
#include "sim/surface_device.h"
#include "traces/surface.h"

namespace experiments {

struct SweepPlan {
  std::vector<std::shared_ptr<const traces::Surface>> surfaces;
  std::vector<std::string> optimizers;
  ScenarioSet scenarios;
  int seeds = 10;
  int trials = 30;
  std::uint64_t sweep_seed = 0;
  sim::SurfaceDeviceOptions device;

  // Everything that determines the results (not the thread count): a
  // directory holding a sweep with another identity is a different sweep.
  nlohmann::json identity() const;
  std::size_t num_runs() const {
    return surfaces.size() * scenarios.scenarios.size() * optimizers.size() *
           static_cast<std::size_t>(seeds);
  }
};

struct SweepRun {
  std::size_t id = 0;  // position in plan order: surface, scenario, optimizer, seed
  std::size_t surface = 0;
  std::size_t scenario = 0;
  std::size_t optimizer = 0;
  int seed_index = 0;
  std::uint64_t seed = 0;  // the cell's key (core::derive_seed of the names)
};

// The surface's name in tables: its file stem ("agx-orin_yolov8s"), or
// "<device>_<model>" for a surface built in memory.
std::string surface_name(const traces::Surface& surface);

// Every run of the plan, in id order.
std::vector<SweepRun> enumerate_runs(const SweepPlan& plan);

// The union of the surfaces' knob names, in first-seen order: the knob
// columns of the tables.
std::vector<std::string> knob_columns(const SweepPlan& plan);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_SWEEP_SWEEP_PLAN_H_
