#include "experiments/run/run_one.h"

#include <nlohmann/json.hpp>

#include "core/seed.h"
#include "experiments/run/exploration_cost.h"
#include "experiments/run/result_json.h"
#include "sim/drifting_device.h"

namespace experiments {
namespace {

// A non-owning shared_ptr for a surface the caller keeps alive.
std::shared_ptr<const traces::Surface> borrow(const traces::Surface& surface) {
  return std::shared_ptr<const traces::Surface>(std::shared_ptr<void>(), &surface);
}

nlohmann::json oracle_json(const traces::Surface& surface, const core::OracleResult& oracle) {
  return {{"recommended", config_json(surface.space, oracle.best)},
          {"throughput_fps", number_or_null(oracle.throughput_fps)},
          {"power_w", number_or_null(oracle.power_w)},
          {"feasible", oracle.best.has_value()}};
}

// The best configuration by the denoised values among those whose surface
// values meet the goal (ties: lowest flat index), counted as
// core::exhaustive_optimum counts.
core::OracleResult denoised_optimum(const traces::Surface& surface, const core::Goal& goal,
                                    const traces::DenoisedMetrics& denoised) {
  core::OracleResult best;
  best.configurations = surface.space.size();
  const traces::Surface::Columns c = surface.columns();
  for (std::size_t i = 0; i < surface.space.size(); ++i) {
    if (!c.available(i)) continue;
    ++best.available;
    if (!goal.feasible(c.fps[i], c.watts[i])) continue;
    ++best.feasible;
    const double fps = denoised.throughput_fps[i], watts = denoised.power_w[i];
    if (!best.best || goal.better(fps, watts, best.throughput_fps, best.power_w)) {
      best.best = surface.space.config(i);
      best.throughput_fps = fps;
      best.power_w = watts;
    }
  }
  return best;
}

}  // namespace

Reference scoring_reference(const traces::Surface& surface, const core::Goal& goal,
                            std::shared_ptr<const traces::DenoisedMetrics> metrics) {
  Reference reference;
  reference.oracle = surface_oracle(surface, goal);
  reference.denoised = denoised_optimum(surface, goal, *metrics);
  reference.metrics = std::move(metrics);
  return reference;
}

Reference scoring_reference(const traces::Surface& surface, const core::Goal& goal) {
  return scoring_reference(
      surface, goal,
      std::make_shared<const traces::DenoisedMetrics>(traces::denoised_metrics(surface)));
}

nlohmann::json denoised_json(const traces::Surface& surface, const Reference& reference) {
  nlohmann::json j = oracle_json(surface, reference.denoised);
  j["method"] = reference.metrics->method;
  return j;
}

core::OracleResult surface_oracle(const traces::Surface& surface, const core::Goal& goal) {
  sim::SurfaceDeviceOptions exact;
  exact.noise = false;
  sim::SurfaceDevice device(borrow(surface), 0, exact);
  return core::exhaustive_optimum(device, goal);
}

RunResult execute_run(const RunSpec& spec, const OptimizerFactory& optimizers,
                      const core::OptimizerContext& context, const Reference& reference,
                      const core::TrialObserver& on_trial) {
  const std::unique_ptr<core::Optimizer> optimizer = optimizers.make(spec.optimizer, context);
  RunSpec named = spec;
  const core::OptimizerInfo* info = core::find_optimizer_info(spec.optimizer);
  if (info && info->full_grid) {
    named.budget.max_trials = static_cast<int>(spec.surface->space.size());
    named.budget.max_board_seconds = std::numeric_limits<double>::infinity();
  }
  return execute_run(named, *optimizer, reference, on_trial);
}

RunResult execute_run(const RunSpec& spec, core::Optimizer& optimizer, const Reference& reference,
                      const core::TrialObserver& on_trial) {
  RunResult result;
  result.spec = spec;
  result.reference = reference;
  const core::OracleResult& oracle = reference.oracle;
  auto device = std::make_unique<sim::SurfaceDevice>(
      spec.surface, core::stream_seed(spec.seed, core::RunStream::kDeviceNoise), spec.device);
  std::unique_ptr<core::Device> drifting;
  if (spec.drifted) {
    drifting = std::make_unique<sim::DriftingDevice>(
        std::move(device),
        std::make_unique<sim::SurfaceDevice>(
            spec.drifted, core::stream_seed(spec.seed, core::RunStream::kDriftedDeviceNoise),
            spec.device),
        spec.drift_at_trial);
  }
  core::TrialObserver observer = on_trial;
  if (spec.drifted) {
    observer = [&](std::size_t i, const core::Measurement& m) {
      const std::optional<core::Config> now = optimizer.recommend();
      result.recommended_after.push_back(now ? static_cast<long>(spec.surface->space.index(*now))
                                             : -1L);
      if (on_trial) on_trial(i, m);
    };
  }
  result.log = core::run(optimizer, drifting ? *drifting : *device, spec.goal, result.spec.budget,
                         core::stream_seed(spec.seed, core::RunStream::kOptimizer), observer);
  if (result.log.recommended) {
    const traces::Surface& surface = spec.scored_surface();
    const std::size_t index = surface.space.index(*result.log.recommended);
    result.throughput_fps = surface.throughput_fps()[index];
    result.power_w = surface.power_w()[index];
    result.feasible =
        surface.available(index) && spec.goal.feasible(result.throughput_fps, result.power_w);
    if (result.feasible && oracle.best) {
      result.score = core::score(spec.goal, result.throughput_fps, result.power_w,
                                 oracle.throughput_fps, oracle.power_w);
      const core::OracleResult& denoised = reference.denoised;
      // Feasibility was judged on the recorded values: compare objectives only.
      result.denoised_score = core::objective_ratio(
          spec.goal, reference.metrics->throughput_fps[index], reference.metrics->power_w[index],
          denoised.throughput_fps, denoised.power_w);
    }
  }
  return result;
}

nlohmann::json run_json(const RunResult& r) {
  const traces::Surface& surface = *r.spec.surface;
  nlohmann::json j;
  j["optimizer"] = r.spec.optimizer;
  j["surface"] = surface.label();
  j["device"] = surface.device;
  j["model"] = surface.model;
  j["goal"] = goal_json(r.spec.goal);
  j["seed"] = r.spec.seed;
  j["trials"] = r.log.trials.size();
  j["max_trials"] = r.spec.budget.max_trials;
  j["stopped_early"] = r.log.stopped_early;
  j["board_seconds"] = r.log.board_seconds;
  j["recommended"] = config_json(surface.space, r.log.recommended);
  j["throughput_fps"] = number_or_null(r.throughput_fps);
  j["power_w"] = number_or_null(r.power_w);
  j["feasible"] = r.feasible;
  j["score"] = r.score;
  j["oracle"] = oracle_json(surface, r.reference.oracle);
  j["denoised_score"] = r.denoised_score;
  j["denoised_oracle"] = denoised_json(surface, r.reference);
  j["budget_violations"] = r.log.budget_violations;
  j["exploration"] = exploration_json(exploration_cost(r));
  j["events"] = events_json(r.log.events);
  return j;
}

}  // namespace experiments
