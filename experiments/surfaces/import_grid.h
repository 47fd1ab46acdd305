// The grid an import lays readings on. By default, each knob's distinct
// values read (a full-grid recording). A sampled recording measures a few
// hundred configurations of a board's grid: its grid is the board's, from
// the device profile's tables (`--grid device`) or given per knob
// (`--levels concurrency=1:8`), so a level nobody happened to sample is
// still a level, and the surface records which points were measured
// (format version 2, traces/surface-format-v2.md).
#ifndef EDGETUNE_EXPERIMENTS_SURFACES_IMPORT_GRID_H_
#define EDGETUNE_EXPERIMENTS_SURFACES_IMPORT_GRID_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/config_space.h"

namespace experiments {

// Where a knob's levels come from, for messages: "jetson-agx-xavier's
// gpu_freq table (sim/profiles/devices/agx-xavier.json)" or "--levels".
struct KnobLevels {
  std::vector<double> values;  // strictly increasing
  std::string source;
};

// Parses "NAME=V1,V2,..." or "NAME=LO:HI" (every integer from LO to HI) of
// --levels. Throws core::InputError naming the flag and the expected form.
std::pair<std::string, std::vector<double>> parse_levels(const std::string& text);

// The levels the board with profile id `device` gives each of its knobs
// (cpu_freq, cpu_cores, gpu_freq, emc_freq, concurrency). Throws
// core::InputError when no device profile has that id, listing those there
// are.
std::map<std::string, KnobLevels> device_grid_levels(const std::string& device);

// The level of `levels` that `value` is (within a relative 1e-6, for
// frequencies converted from kHz or Hz), or nullopt.
std::optional<int> level_of(const std::vector<double>& levels, double value);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_SURFACES_IMPORT_GRID_H_
