// Knobs, configurations and the grid they span.
#ifndef EDGETUNE_CORE_CONFIG_SPACE_H_
#define EDGETUNE_CORE_CONFIG_SPACE_H_

#include <boost/container/small_vector.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/constant_divisor.h"

namespace core {

// One hardware or workload knob: a name ("gpu_freq"), a unit ("MHz") and its
// settable values, strictly increasing.
struct Knob {
  std::string name;
  std::string unit;
  std::vector<double> values;

  bool operator==(const Knob& other) const {
    return name == other.name && unit == other.unit && values == other.values;
  }
};

// The knob levels of a configuration, stored inline up to eight knobs (every
// Jetson surface has at most six), so copying a Config on the replay hot path
// allocates nothing; more knobs spill to the heap.
using Levels = boost::container::small_vector<int, 8>;

// A point of the grid: level[i] indexes knob i's values.
struct Config {
  Levels level;

  bool operator==(const Config& other) const { return level == other.level; }
  bool operator!=(const Config& other) const { return level != other.level; }
  bool operator<(const Config& other) const { return level < other.level; }
};

// Between a Config and a plain list of levels (the Python module's form).
inline Config config_of_levels(const std::vector<int>& levels) {
  return Config{Levels(levels.begin(), levels.end())};
}
inline std::vector<int> levels_of(const Config& config) {
  return std::vector<int>(config.level.begin(), config.level.end());
}

// The number of points the knobs' values span, or nullopt when that is more
// than `limit`; computed without overflow (256 values on 8 knobs is 2^64,
// which wraps to 0 in a plain product). Surfaces, which allocate per point,
// pass traces::kMaxSurfacePoints.
std::optional<std::size_t> bounded_grid_points(const std::vector<Knob>& knobs, std::size_t limit);

// "256 x 256 x 256" (the level counts), for errors about a grid's size.
std::string grid_shape_text(const std::vector<Knob>& knobs);

// The ordered knobs of a device and the grid they span. A Config maps to a
// flat index in row-major (C) order, knob 0 slowest, the last knob fastest;
// this is the element order of an HDF5 metric dataset of shape
// (n_0, ..., n_{K-1}), so flat indices address surface arrays directly.
class ConfigSpace {
 public:
  ConfigSpace() = default;
  // Knob names must be unique and values strictly increasing and non-empty
  // (asserted; the file loaders validate user input before this). Throws
  // core::InputError when the grid has more points than a size_t counts;
  // loaders check bounded_grid_points() first, to name the file.
  explicit ConfigSpace(std::vector<Knob> knobs);

  const std::vector<Knob>& knobs() const { return knobs_; }
  const Knob& knob(std::size_t i) const { return knobs_[i]; }
  std::size_t num_knobs() const { return knobs_.size(); }
  // Number of grid points (product of knob sizes); 0 for an empty space.
  std::size_t size() const { return size_; }

  // Position of the knob called `name`, or nullopt.
  std::optional<std::size_t> knob_index(const std::string& name) const;

  // True when `config` has one in-range level per knob.
  bool contains(const Config& config) const;
  std::size_t index(const Config& config) const;  // asserts contains()
  Config config(std::size_t index) const;         // asserts index < size()
  // Every knob's level at flat `index` into out[0 .. num_knobs()), for
  // callers that decode many indices: a multiplication per knob and level
  // instead of a division (core/constant_divisor.h).
  void levels(std::size_t index, int* out) const;
  // How far the flat index moves per level of knob i.
  std::size_t stride(std::size_t knob) const { return strides_[knob]; }

  // Physical value of knob i at `config` (e.g. 1300.5 MHz).
  double value(const Config& config, std::size_t knob) const {
    return knobs_[knob].values[config.level[knob]];
  }
  // Level of knob i normalised to [0, 1] (0 when the knob has one value).
  double normalized_level(const Config& config, std::size_t knob) const {
    return normalized_level(knob, config.level[knob]);
  }
  double normalized_level(std::size_t knob, int level) const;

  // The configurations one step up and one step down along `knob` that exist
  // (0, 1 or 2 of them), down first.
  std::vector<Config> neighbours(const Config& config, std::size_t knob) const;
  // All neighbours along every knob, in knob order.
  std::vector<Config> neighbours(const Config& config) const;

  // The configuration with every knob at its highest value.
  Config max_config() const;
  // "gpu_freq=1300.5 emc_freq=3199 ..." for messages and traces.
  std::string describe(const Config& config) const;

  bool operator==(const ConfigSpace& other) const { return knobs_ == other.knobs_; }

 private:
  std::vector<Knob> knobs_;
  std::vector<std::size_t> strides_;           // strides_[i] = product of sizes after i
  std::vector<ConstantDivisor> level_counts_;  // knob i's number of levels
  std::size_t size_ = 0;
};

}  // namespace core

#endif  // EDGETUNE_CORE_CONFIG_SPACE_H_
