#include "experiments/optimizer_context.h"

#include <algorithm>
#include <filesystem>
#include <memory>

#include "sim/device_profile.h"
#include "traces/surface_file.h"

namespace experiments {

std::string shipped_surfaces_dir() {
  return std::string(EDGETUNE_SOURCE_DIR) + "/traces/surfaces";
}

std::vector<std::string> shipped_surfaces() {
  std::vector<std::string> paths;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(shipped_surfaces_dir(), error)) {
    if (entry.path().extension() == ".h5") paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

core::TrainingSurface training_view(const traces::Surface& surface) {
  core::TrainingSurface view;
  view.name = std::filesystem::path(surface.label()).stem().string();
  view.device = surface.device;
  view.model = surface.model;
  view.space = surface.space;
  view.throughput_fps = surface.throughput_fps();
  view.power_w = surface.power_w();
  return view;
}

core::OptimizerContext make_context(const std::string& optimizer,
                                    const traces::Surface& target,
                                    const std::vector<std::string>& training_paths) {
  core::OptimizerContext context;
  const auto& catalog = core::optimizer_catalog();
  const auto info = std::find_if(catalog.begin(), catalog.end(),
                                 [&](const core::OptimizerInfo& i) { return i.name == optimizer; });
  if (info == catalog.end()) return context;  // make_optimizer reports the unknown name
  if (info->needs_power_modes) context.power_modes = sim::power_modes_for(target.device);
  if (info->needs_training) {
    for (const std::string& path : training_paths.empty() ? shipped_surfaces() : training_paths) {
      const traces::Surface other = traces::load_surface(path);
      if (other.device == target.device && other.model == target.model) continue;
      context.training_surfaces.push_back(
          std::make_shared<const core::TrainingSurface>(training_view(other)));
    }
  }
  return context;
}

}  // namespace experiments
