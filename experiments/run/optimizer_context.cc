#include "experiments/run/optimizer_context.h"

#include <algorithm>
#include <filesystem>
#include <memory>

#include "sim/device_profile.h"
#include "traces/surface_file.h"

namespace experiments {

std::string shipped_surfaces_dir() { return std::string(EDGETUNE_SOURCE_DIR) + "/traces/surfaces"; }

namespace {

// The .h5 files in `dir`, sorted.
std::vector<std::string> surfaces_in(const std::string& dir) {
  std::vector<std::string> paths;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (entry.path().extension() == ".h5") paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

}  // namespace

std::vector<std::string> shipped_synthetic_surfaces() {
  return surfaces_in(shipped_surfaces_dir());
}

std::vector<std::string> shipped_recorded_surfaces() {
  return surfaces_in(shipped_surfaces_dir() + "/recorded");
}

std::vector<std::string> shipped_surfaces() {
  std::vector<std::string> paths = shipped_synthetic_surfaces();
  const std::vector<std::string> recorded = shipped_recorded_surfaces();
  paths.insert(paths.end(), recorded.begin(), recorded.end());
  return paths;
}

core::TrainingSurface training_view(const traces::Surface& surface) {
  traces::require_replayable(surface);
  core::TrainingSurface view;
  view.name = std::filesystem::path(surface.label()).stem().string();
  view.device = surface.device;
  view.model = surface.model;
  view.space = surface.space;
  view.throughput_fps = surface.throughput_fps();
  view.power_w = surface.power_w();
  return view;
}

TrainingPool load_training_pool(const std::vector<std::string>& paths) {
  TrainingPool pool;
  for (const std::string& path : paths.empty() ? shipped_synthetic_surfaces() : paths) {
    pool.push_back(
        std::make_shared<const core::TrainingSurface>(training_view(traces::load_surface(path))));
  }
  return pool;
}

bool needs_training(const std::string& optimizer) {
  const core::OptimizerInfo* info = core::find_optimizer_info(optimizer);
  return info && info->needs_training;
}

core::OptimizerContext make_context(const std::string& optimizer, const traces::Surface& target,
                                    const TrainingPool& pool) {
  core::OptimizerContext context;
  const core::OptimizerInfo* info = core::find_optimizer_info(optimizer);
  if (!info) return context;  // make_optimizer reports the unknown name
  if (info->needs_power_modes) context.power_modes = sim::power_modes_for(target.device);
  if (info->needs_training) {
    for (const auto& other : pool) {
      if (other->device == target.device && other->model == target.model) continue;
      context.training_surfaces.push_back(other);
    }
  }
  return context;
}

core::OptimizerContext make_context(const std::string& optimizer, const traces::Surface& target,
                                    const std::vector<std::string>& training_paths) {
  return make_context(
      optimizer, target,
      needs_training(optimizer) ? load_training_pool(training_paths) : TrainingPool{});
}

}  // namespace experiments
