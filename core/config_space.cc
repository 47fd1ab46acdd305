#include "core/config_space.h"

#include <cassert>
#include <cstdint>
#include <set>
#include <sstream>

#include "core/errors.h"

namespace core {

ConfigSpace::ConfigSpace(std::vector<Knob> knobs) : knobs_(std::move(knobs)) {
#ifndef NDEBUG
  std::set<std::string> names;
  for (const Knob& knob : knobs_) {
    assert(!knob.values.empty());
    assert(names.insert(knob.name).second);
  }
#endif
  if (!bounded_grid_points(knobs_, SIZE_MAX)) {
    throw InputError("a grid of " + grid_shape_text(knobs_) +
                     " levels has more points than a 64-bit index counts; use fewer values");
  }
  for (const Knob& knob : knobs_) {
    level_counts_.emplace_back(static_cast<std::uint32_t>(knob.values.size()));
  }
  strides_.assign(knobs_.size(), 1);
  size_ = knobs_.empty() ? 0 : 1;
  for (std::size_t i = knobs_.size(); i-- > 0;) {
    strides_[i] = size_;
    size_ *= knobs_[i].values.size();
  }
}

std::optional<std::size_t> bounded_grid_points(const std::vector<Knob>& knobs, std::size_t limit) {
  if (knobs.empty()) return 0;
  std::size_t points = 1;
  for (const Knob& knob : knobs) {
    const std::size_t n = knob.values.size();
    if (n == 0) return 0;
    // points * n <= limit, asked without forming the product.
    if (points > limit / n) return std::nullopt;
    points *= n;
  }
  return points;
}

std::string grid_shape_text(const std::vector<Knob>& knobs) {
  std::string text;
  for (const Knob& knob : knobs)
    text += (text.empty() ? "" : " x ") + std::to_string(knob.values.size());
  return text;
}

std::optional<std::size_t> ConfigSpace::knob_index(const std::string& name) const {
  for (std::size_t i = 0; i < knobs_.size(); ++i) {
    if (knobs_[i].name == name) return i;
  }
  return std::nullopt;
}

bool ConfigSpace::contains(const Config& config) const {
  if (config.level.size() != knobs_.size()) return false;
  for (std::size_t i = 0; i < knobs_.size(); ++i) {
    const int level = config.level[i];
    if (level < 0 || static_cast<std::size_t>(level) >= knobs_[i].values.size()) return false;
  }
  return true;
}

std::size_t ConfigSpace::index(const Config& config) const {
  assert(contains(config));
  std::size_t flat = 0;
  for (std::size_t i = 0; i < knobs_.size(); ++i) {
    flat += static_cast<std::size_t>(config.level[i]) * strides_[i];
  }
  return flat;
}

Config ConfigSpace::config(std::size_t index) const {
  assert(index < size_);
  Config config;
  config.level.resize(knobs_.size());
  levels(index, config.level.data());
  return config;
}

void ConfigSpace::levels(std::size_t index, int* out) const {
  if (index > UINT32_MAX) {  // only grids of more than 2^32 points get here
    for (std::size_t i = knobs_.size(); i-- > 0;) {
      const std::size_t n = knobs_[i].values.size();
      out[i] = static_cast<int>(index % n);
      index /= n;
    }
    return;
  }
  auto at = static_cast<std::uint32_t>(index);
  for (std::size_t i = knobs_.size(); i-- > 0;) {
    out[i] = static_cast<int>(level_counts_[i].remainder(at));
    at = level_counts_[i].quotient(at);
  }
}

double ConfigSpace::normalized_level(std::size_t knob, int level) const {
  const std::size_t n = knobs_[knob].values.size();
  if (n < 2) return 0.0;
  return static_cast<double>(level) / static_cast<double>(n - 1);
}

std::vector<Config> ConfigSpace::neighbours(const Config& config, std::size_t knob) const {
  std::vector<Config> result;
  const int level = config.level[knob];
  if (level > 0) {
    result.push_back(config);
    result.back().level[knob] = level - 1;
  }
  if (static_cast<std::size_t>(level + 1) < knobs_[knob].values.size()) {
    result.push_back(config);
    result.back().level[knob] = level + 1;
  }
  return result;
}

std::vector<Config> ConfigSpace::neighbours(const Config& config) const {
  std::vector<Config> result;
  for (std::size_t k = 0; k < knobs_.size(); ++k) {
    for (Config& c : neighbours(config, k)) result.push_back(std::move(c));
  }
  return result;
}

Config ConfigSpace::max_config() const {
  Config config;
  for (const Knob& knob : knobs_) {
    config.level.push_back(static_cast<int>(knob.values.size()) - 1);
  }
  return config;
}

std::string ConfigSpace::describe(const Config& config) const {
  std::ostringstream out;
  for (std::size_t i = 0; i < knobs_.size(); ++i) {
    if (i) out << ' ';
    out << knobs_[i].name << '=' << value(config, i);
  }
  return out.str();
}

}  // namespace core
