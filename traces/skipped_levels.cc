#include "traces/skipped_levels.h"

#include <algorithm>
#include <cstddef>
#include <utility>

#include "traces/surface_file.h"

namespace traces {
namespace {

// ran[k][l]: some configuration with knob k at level l has a value.
std::vector<std::vector<bool>> levels_that_ran(const Surface& surface) {
  const core::ConfigSpace& space = surface.space;
  std::vector<std::vector<bool>> ran;
  for (const core::Knob& knob : space.knobs()) ran.emplace_back(knob.values.size(), false);
  std::vector<int> level(space.num_knobs());
  for (std::size_t i = 0; i < space.size(); ++i) {
    if (!surface.available(i)) continue;
    space.levels(i, level.data());
    for (std::size_t k = 0; k < level.size(); ++k)
      ran[k][static_cast<std::size_t>(level[k])] = true;
  }
  return ran;
}

// The same grid points of `values` (one value per point, `per_point` of
// them each) on the smaller grid: old_index[i] is where new point i was.
template <typename T>
std::vector<T> gather(const std::vector<T>& values, std::size_t per_point,
                      const std::vector<std::size_t>& old_index) {
  std::vector<T> out;
  out.reserve(old_index.size() * per_point);
  for (std::size_t i : old_index) {
    const auto from = values.begin() + static_cast<std::ptrdiff_t>(i * per_point);
    out.insert(out.end(), from, from + static_cast<std::ptrdiff_t>(per_point));
  }
  return out;
}

}  // namespace

std::vector<SkippedLevel> skipped_levels(const Surface& surface) {
  std::vector<SkippedLevel> skipped;
  const std::vector<std::vector<bool>> ran = levels_that_ran(surface);
  for (std::size_t k = 0; k < ran.size(); ++k) {
    const auto first = std::find(ran[k].begin(), ran[k].end(), true);
    if (first == ran[k].end()) continue;
    const auto last = std::find(ran[k].rbegin(), ran[k].rend(), true).base() - 1;
    for (auto l = first; l != last; ++l) {
      if (!*l) skipped.push_back({k, static_cast<int>(l - ran[k].begin())});
    }
  }
  return skipped;
}

Surface without_skipped_levels(Surface surface) {
  // A sampled recording's unknown points are not levels that cannot run:
  // kept whole, for require_replayable to refuse by its true counts.
  if (surface.has_unknown_points()) return surface;
  const std::vector<SkippedLevel> skipped = skipped_levels(surface);
  if (skipped.empty()) return surface;
  const core::ConfigSpace old_space = surface.space;
  // kept[k]: the old levels of knob k that stay, in order.
  std::vector<std::vector<int>> kept(old_space.num_knobs());
  std::vector<core::Knob> knobs;
  for (std::size_t k = 0; k < old_space.num_knobs(); ++k) {
    core::Knob knob = old_space.knob(k);
    knob.values.clear();
    for (int l = 0; l < static_cast<int>(old_space.knob(k).values.size()); ++l) {
      if (std::find(skipped.begin(), skipped.end(), SkippedLevel{k, l}) != skipped.end()) continue;
      kept[k].push_back(l);
      knob.values.push_back(old_space.knob(k).values[static_cast<std::size_t>(l)]);
    }
    knobs.push_back(std::move(knob));
  }
  surface.space = core::ConfigSpace(std::move(knobs));
  std::vector<std::size_t> old_index(surface.space.size());
  std::vector<int> level(surface.space.num_knobs());
  core::Config old_config{core::Levels(level.begin(), level.end())};
  for (std::size_t i = 0; i < old_index.size(); ++i) {
    surface.space.levels(i, level.data());
    for (std::size_t k = 0; k < level.size(); ++k)
      old_config.level[k] = kept[k][static_cast<std::size_t>(level[k])];
    old_index[i] = old_space.index(old_config);
  }
  for (auto* metrics : {&surface.metrics, &surface.metrics_std}) {
    for (auto& [name, metric] : *metrics) metric.values = gather(metric.values, 1, old_index);
  }
  for (auto& [name, repeated] : surface.repeats)
    repeated.values = gather(repeated.values, repeated.repeats, old_index);
  if (!surface.measured.empty()) surface.measured = gather(surface.measured, 1, old_index);
  return surface;
}

Surface load_replay_surface(const std::string& path) {
  Surface surface = load_surface(path);
  require_replayable(surface);
  return without_skipped_levels(std::move(surface));
}

}  // namespace traces
