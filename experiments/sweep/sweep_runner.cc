#include "experiments/sweep/sweep_runner.h"

#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "core/errors.h"

namespace experiments {
namespace {

// The goal and references of one (surface, scenario): computed once, shared by
// every optimizer and seed. `error` is set when the scenario does not
// resolve on the surface.
struct Cell {
  std::optional<core::Goal> goal;
  Reference reference;
  std::shared_ptr<const traces::Surface> drifted;  // the post-drift device, or null
  int drift_at_trial = 0;
  std::string error;
};

std::vector<Cell> resolve_cells(const SweepPlan& plan) {
  std::vector<Cell> cells;
  for (const auto& surface : plan.surfaces) {
    const auto denoised =
        std::make_shared<const traces::DenoisedMetrics>(traces::denoised_metrics(*surface));
    for (const Scenario& scenario : plan.scenarios.scenarios) {
      Cell cell;
      try {
        if (scenario.drift) {
          auto after = std::make_shared<traces::Surface>(
              drifted_surface(*surface, *scenario.drift, plan.surfaces));
          cell.goal = scenario.resolve(*after);
          add_background_load(*after, *scenario.drift, *cell.goal);
          cell.reference = scoring_reference(*after, *cell.goal);
          cell.drifted = std::move(after);
          cell.drift_at_trial = scenario.drift->at_trial;
        } else {
          cell.goal = scenario.resolve(*surface);
          cell.reference = scoring_reference(*surface, *cell.goal, denoised);
        }
      } catch (const core::InputError& e) {
        cell.goal.reset();
        cell.error = e.what();
      }
      cells.push_back(std::move(cell));
    }
  }
  return cells;
}

}  // namespace

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports KiB
}

nlohmann::json SweepStats::json() const {
  return {{"runs_total", runs_total},
          {"runs_resumed", runs_resumed},
          {"runs_executed", runs_executed},
          {"runs_failed", runs_failed},
          {"trials", trials},
          {"jobs", jobs},
          {"training_seconds", training_s},
          {"models_trained", models_trained},
          {"models_read", models_read},
          {"models_cached", models_cached},
          {"wall_seconds", wall_s},
          {"trials_per_second", wall_s > 0 ? static_cast<double>(trials) / wall_s : 0.0},
          {"peak_rss_mb", peak_rss_mb}};
}

SweepStats run_sweep(const SweepPlan& plan, const std::vector<SweepRun>& runs,
                     const SweepContexts& contexts, const OptimizerFactory& optimizers,
                     SweepStore& store, int jobs, SweepObserver* observer) {
  const std::vector<std::string> knobs = knob_columns(plan);
  const std::vector<Cell> cells = resolve_cells(plan);
  std::vector<SweepRun> pending;
  for (const SweepRun& run : runs) {
    if (!store.finished().count(run.id)) pending.push_back(run);
  }

  const auto start = std::chrono::steady_clock::now();
  SweepStats stats;
  stats.runs_total = runs.size();
  stats.runs_resumed = stats.runs_total - pending.size();
  stats.jobs = jobs;
  if (observer) observer->runs_pending(pending.size());
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> failed{0};
  std::atomic<std::size_t> trials{0};
  std::atomic<bool> stop{false};
  std::exception_ptr store_error;
  std::mutex error_mutex;

  auto execute = [&](const SweepRun& pending_run) {
    RunOutcome outcome;
    outcome.run = pending_run;
    const SweepRun& run = outcome.run;
    const Cell& cell = cells[run.surface * plan.scenarios.scenarios.size() + run.scenario];
    outcome.goal = cell.goal;
    outcome.error = cell.error;
    if (cell.goal) {
      RunSpec spec;
      spec.surface = plan.surfaces[run.surface];
      spec.optimizer = plan.optimizers[run.optimizer];
      spec.goal = *cell.goal;
      spec.budget.max_trials = plan.trials;
      spec.seed = run.seed;
      spec.device = plan.device;
      spec.drifted = cell.drifted;
      spec.drift_at_trial = cell.drift_at_trial;
      try {
        outcome.result = execute_run(spec, optimizers, contexts.of(run), cell.reference);
        trials += outcome.result->log.trials.size();
      } catch (const std::exception& e) {
        outcome.error = e.what();
      }
    }
    if (!outcome.error.empty()) ++failed;
    const core::OptimizerInfo* info = core::find_optimizer_info(plan.optimizers[run.optimizer]);
    // A full-grid run has one trial per configuration (tens of thousands):
    // its run row has the totals; its trials would swamp the table.
    const bool keep_trials = !(info && info->full_grid);
    try {
      store.append(runs_row(plan, knobs, outcome),
                   keep_trials ? trials_rows(plan, knobs, outcome) : std::vector<std::string>{});
    } catch (...) {
      const std::lock_guard<std::mutex> lock(error_mutex);
      if (!store_error) store_error = std::current_exception();
      stop = true;
    }
    if (observer) observer->run_finished();
  };
  // Runs of optimizers that hold a process-wide lock (Python's GIL) take
  // turns on the first worker, before it joins the others: spread over
  // several threads they would only fight for the lock.
  std::vector<SweepRun> serial, parallel;
  for (const SweepRun& run : pending) {
    (optimizers.runs_on_one_thread(plan.optimizers[run.optimizer]) ? serial : parallel)
        .push_back(run);
  }
  auto worker = [&](bool takes_serial) {
    if (takes_serial) {
      for (std::size_t i = 0; i < serial.size() && !stop; ++i) execute(serial[i]);
    }
    for (std::size_t i = next++; i < parallel.size() && !stop; i = next++) execute(parallel[i]);
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < jobs; ++t) threads.emplace_back(worker, t == 0);
  for (std::thread& t : threads) t.join();
  if (observer) observer->sweep_finished();
  if (store_error) std::rethrow_exception(store_error);

  stats.runs_executed = pending.size();
  stats.runs_failed = failed;
  stats.trials = trials;
  stats.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  stats.peak_rss_mb = peak_rss_mb();
  return stats;
}

}  // namespace experiments
