#include "experiments/sweep/sweep_models.h"

#include <atomic>
#include <chrono>
#include <exception>
#include <filesystem>
#include <functional>
#include <set>
#include <thread>

#include "core/errors.h"
#include "core/optimizers/registry.h"
#include "experiments/sweep/weights_file.h"

namespace experiments {
namespace {

// Calls task(i) for every i < count on `jobs` threads.
void parallel_for(std::size_t count, int jobs, const std::function<void(std::size_t)>& task) {
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < count; i = next++) task(i);
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < jobs; ++t) threads.emplace_back(worker);
  for (std::thread& t : threads) t.join();
}

// Which (surface, optimizer) pairs of `runs` learn offline: one run each.
std::vector<SweepRun> one_run_per_model(const SweepPlan& plan, const std::vector<SweepRun>& runs) {
  std::set<std::pair<std::size_t, std::size_t>> seen;
  std::vector<SweepRun> models;
  for (const SweepRun& run : runs) {
    if (!needs_training(plan.optimizers[run.optimizer])) continue;
    if (seen.emplace(run.surface, run.optimizer).second) models.push_back(run);
  }
  return models;
}

}  // namespace

SweepContexts::SweepContexts(const SweepPlan& plan, const TrainingPool& pool)
    : optimizers_(plan.optimizers.size()) {
  for (const auto& surface : plan.surfaces) {
    for (const std::string& optimizer : plan.optimizers) {
      contexts_.push_back(make_context(optimizer, *surface, pool));
    }
  }
}

SweepContexts::Preparation SweepContexts::prepare(const SweepPlan& plan,
                                                  const std::vector<SweepRun>& runs,
                                                  const std::string& models_dir,
                                                  const ModelCache* cache, int jobs) const {
  const auto start = std::chrono::steady_clock::now();
  const std::vector<SweepRun> models = one_run_per_model(plan, runs);
  Preparation done;
  if (!models_dir.empty()) {
    done.read = models.size();
    for (const SweepRun& run : models) {
      const std::string& optimizer = plan.optimizers[run.optimizer];
      const std::string path = weights_path(models_dir, optimizer, *plan.surfaces[run.surface]);
      core::provide_trained_model(optimizer, of(run), read_weights_file(path, optimizer, of(run)));
    }
  } else {
    std::vector<SweepRun> to_train;
    for (const SweepRun& run : models) {
      const std::string& optimizer = plan.optimizers[run.optimizer];
      if (const auto model = cache ? cache->find(optimizer, of(run)) : nullptr) {
        core::provide_trained_model(optimizer, of(run), model);
        ++done.cached;
      } else {
        to_train.push_back(run);
      }
    }
    done.trained = to_train.size();
    std::vector<std::exception_ptr> store_errors(to_train.size());
    parallel_for(to_train.size(), jobs, [&](std::size_t i) {
      const SweepRun& run = to_train[i];
      const std::string& optimizer = plan.optimizers[run.optimizer];
      std::shared_ptr<const core::TrainedModel> model;
      try {
        model = core::trained_model(optimizer, of(run));
      } catch (const std::exception&) {
        return;  // each run of this model reports the error (make_optimizer rethrows it)
      }
      try {
        if (cache) cache->store(optimizer, *plan.surfaces[run.surface], of(run), *model);
      } catch (...) {
        store_errors[i] = std::current_exception();
      }
    });
    for (const std::exception_ptr& e : store_errors) {
      if (e) std::rethrow_exception(e);
    }
  }
  done.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return done;
}

std::vector<std::string> SweepContexts::write_models(const SweepPlan& plan,
                                                     const std::string& models_dir,
                                                     int jobs) const {
  std::error_code error;
  std::filesystem::create_directories(models_dir, error);
  if (error) throw core::InputError(models_dir + ": cannot create (" + error.message() + ")");
  const std::vector<SweepRun> models = one_run_per_model(plan, enumerate_runs(plan));
  std::vector<std::string> paths(models.size());
  std::vector<std::exception_ptr> errors(models.size());
  parallel_for(models.size(), jobs, [&](std::size_t i) {
    const SweepRun& run = models[i];
    const std::string& optimizer = plan.optimizers[run.optimizer];
    const traces::Surface& target = *plan.surfaces[run.surface];
    paths[i] = weights_path(models_dir, optimizer, target);
    try {
      write_weights_file(paths[i], optimizer, target, of(run),
                         *core::trained_model(optimizer, of(run)));
    } catch (...) {
      errors[i] = std::current_exception();
    }
  });
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  return paths;
}

}  // namespace experiments
