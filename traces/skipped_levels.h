// Knob levels a recording skipped.
//
// A surface marks a configuration that was not measured, or cannot run,
// with NaN. A level of one knob at which no configuration has a value while
// levels on both sides of it do was not recorded (a grid profiled at every
// other clock step, say): what stops a configuration from running (memory
// held by streams or batches) grows with a knob's level, so it cuts off the
// top of a knob, never one level in the middle. In replay every trial at
// such a level is "unavailable", and searching them is pure waste: on the
// shipped surfaces with every other CPU and GPU clock left unrecorded,
// CORAL's median score fell from 0.97 to 0.71 (and bo's from 0.97 to 0.72)
// against the same data with those levels removed. Replay searches the grid
// without them; the file and every recorded value stay as they are.
#ifndef EDGETUNE_TRACES_SKIPPED_LEVELS_H_
#define EDGETUNE_TRACES_SKIPPED_LEVELS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "traces/surface.h"

namespace traces {

struct SkippedLevel {
  std::size_t knob;
  int level;
  bool operator==(const SkippedLevel& other) const {
    return knob == other.knob && level == other.level;
  }
};

// Levels with no available configuration between levels that have one,
// knob by knob, in order.
std::vector<SkippedLevel> skipped_levels(const Surface& surface);

// `surface` with its skipped levels taken out of the grid (metrics,
// metrics_std and repeats alike); `surface` itself when there are none.
// By value: callers pass the surface they just loaded, which then moves
// through instead of being copied (a 3.5-million-point grid is ~140 MB).
Surface without_skipped_levels(Surface surface);

// load_surface(path) without its skipped levels: the grid a replay
// (run, sweep) searches. Throws core::InputError, naming `edgetune
// complete`, for a sampled recording nobody completed (require_replayable).
Surface load_replay_surface(const std::string& path);

}  // namespace traces

#endif  // EDGETUNE_TRACES_SKIPPED_LEVELS_H_
