// A denoised reference for scoring on recorded surfaces.
//
// A recorded point is often ONE reading, so the best recorded point can be
// a lucky outlier that no configuration reproduces (47.1 fps where the same
// clock reads 40-43 at neighbouring concurrencies); scoring against it makes
// every method "miss". The denoised values estimate what each configuration
// really delivers:
//   - synthetic surfaces: /metrics as they are (noise-free by construction);
//   - recorded with /repeats: /metrics, the median of the repeats;
//   - recorded single readings: the median of the reading and, along each
//     knob where both exist and are available, its two neighbours one level
//     away (up to 2K+1 readings for K knobs; pairs only, so the window is
//     odd). Where the metric rises or falls steadily along a knob, one of a
//     pair is below the reading and one above, so the median is the reading
//     itself, at the grid's edges too; a single outlier is replaced by a
//     neighbour's value; a true sharp peak is shaved to its highest
//     neighbour, which errs on the side of a reachable optimum. A point with
//     no complete pair (a corner of the grid) keeps its reading.
// An unavailable point (NaN) stays unavailable.
#ifndef EDGETUNE_TRACES_DENOISED_METRICS_H_
#define EDGETUNE_TRACES_DENOISED_METRICS_H_

#include <string>
#include <vector>

#include "traces/surface.h"

namespace traces {

struct DenoisedMetrics {
  std::vector<double> throughput_fps;  // by flat index, like Surface::throughput_fps()
  std::vector<double> power_w;
  std::string method;  // how they were made, for reports: "as recorded", ...
};

DenoisedMetrics denoised_metrics(const Surface& surface);

}  // namespace traces

#endif  // EDGETUNE_TRACES_DENOISED_METRICS_H_
