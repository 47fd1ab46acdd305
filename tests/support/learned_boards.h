// A family of small synthetic boards for the offline-trained baselines
// (dvfo, maple-edge): they learn on four boards and are judged on a fifth.
#ifndef EDGETUNE_TESTS_SUPPORT_LEARNED_BOARDS_H_
#define EDGETUNE_TESTS_SUPPORT_LEARNED_BOARDS_H_

#include <cmath>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/optimizers/context.h"
#include "core/oracle.h"
#include "core/run.h"
#include "sim/surface_device.h"
#include "tests/support/tiny_surface.h"

namespace testing_support {

// A board family: fps is the smooth minimum of a CPU and a GPU ceiling times
// a concurrency gain; power grows with both clocks. `cpu`, `gpu` and `watts`
// make boards and models differ.
inline std::shared_ptr<const traces::Surface> board(double cpu, double gpu, double watts) {
  return std::make_shared<const traces::Surface>(testing_support::make_surface(
      {{"cpu_freq", "MHz", {400, 800, 1200, 1600, 2000, 2400}},
       {"gpu_freq", "MHz", {300, 500, 700, 900, 1100, 1300}},
       {"concurrency", "count", {1, 2, 3, 4}}},
      [=](const std::vector<double>& v) {
        const double c = cpu * v[0] / 2400.0, g = gpu * v[1] / 1300.0;
        const double fps = (1.0 + 0.25 * (v[2] - 1)) / std::sqrt(1.0 / (c * c) + 1.0 / (g * g));
        const double w = watts * (1.0 + 1.5 * std::pow(v[0] / 2400.0, 2) +
                                  3.0 * std::pow(v[1] / 1300.0, 2.5) + 0.2 * v[2]);
        return std::make_pair(fps, w);
      }));
}

inline std::shared_ptr<const core::TrainingSurface> training(const traces::Surface& s,
                                                             const std::string& name) {
  auto t = std::make_shared<core::TrainingSurface>();
  t->name = name;
  t->space = s.space;
  t->throughput_fps = s.throughput_fps();
  t->power_w = s.power_w();
  return t;
}

inline core::TrainingSurfaces training_set() {
  return {training(*board(40, 120, 4), "a"), training(*board(80, 60, 6), "b"),
          training(*board(60, 200, 10), "c"), training(*board(120, 90, 5), "d")};
}

// The held-out board, unlike any training one.
inline std::shared_ptr<const traces::Surface> held_out() { return board(70, 150, 7); }

// Mean noise-free score over seeds and the three goal kinds.
inline double mean_score(const std::function<std::unique_ptr<core::Optimizer>()>& make,
                         int trials) {
  auto surface = held_out();
  sim::SurfaceDeviceOptions exact;
  exact.noise = false;
  double total = 0;
  int runs = 0;
  for (const core::Goal& goal : {core::Goal::max_throughput(35.0), core::Goal::min_power(60.0),
                                 core::Goal::dual(40.0, 60.0)}) {
    sim::SurfaceDevice device(surface, 0, exact);
    const core::OracleResult oracle = core::exhaustive_optimum(device, goal);
    for (std::uint64_t seed = 0; seed < 5; ++seed) {
      auto optimizer = make();
      core::Budget budget;
      budget.max_trials = trials;
      const core::RunLog log = core::run(*optimizer, device, goal, budget, seed);
      ++runs;
      if (!log.recommended) continue;
      const std::size_t i = surface->space.index(*log.recommended);
      const double fps = surface->throughput_fps()[i], w = surface->power_w()[i];
      if (goal.feasible(fps, w))
        total += core::score(goal, fps, w, oracle.throughput_fps, oracle.power_w);
    }
  }
  return total / runs;
}

}  // namespace testing_support

#endif  // EDGETUNE_TESTS_SUPPORT_LEARNED_BOARDS_H_
