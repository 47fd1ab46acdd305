// Facts about a surface for `edgetune info`: metric ranges and how much
// power the same throughput can cost.
#ifndef EDGETUNE_EXPERIMENTS_SURFACES_SURFACE_SUMMARY_H_
#define EDGETUNE_EXPERIMENTS_SURFACES_SURFACE_SUMMARY_H_

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "traces/skipped_levels.h"
#include "traces/surface.h"

namespace experiments {

struct MetricRange {
  double min = 0.0, max = 0.0;  // over available points
};

// Configurations whose throughput lies within +-band_halfwidth of a level.
struct EqualThroughputBand {
  double throughput_fps = 0.0;  // band centre
  std::size_t configurations = 0;
  double min_power_w = 0.0, max_power_w = 0.0;
};

struct SurfaceSummary {
  std::size_t points = 0;
  std::size_t available = 0;
  std::map<std::string, MetricRange> ranges;  // every metric
  std::vector<EqualThroughputBand> bands;     // at 20/40/60/80% of max fps
  std::vector<traces::SkippedLevel> skipped;  // left out of replay searches
};

// "3494 of 34944 points measured (10.0%)" for a version-2 surface (one with
// /measured), plus ", the rest modelled by METHOD" once completed; empty for
// a version-1 surface, where every point was measured.
std::string measured_share_text(const traces::Surface& surface);

// Bands are +-2.5% of max throughput wide around each level.
SurfaceSummary summarize(const traces::Surface& surface);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_SURFACES_SURFACE_SUMMARY_H_
