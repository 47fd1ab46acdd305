// A denoised reference for scoring on recorded surfaces.
//
// A recorded point is often ONE reading, so the best recorded point can be
// a lucky outlier that no configuration reproduces (47.1 fps where the same
// clock reads 40-43 at neighbouring concurrencies); scoring against it makes
// every method "miss". The denoised values estimate what each configuration
// really delivers:
//   - synthetic surfaces: /metrics as they are (noise-free by construction);
//   - recorded with /repeats: /metrics, the median of the repeats;
//   - recorded single readings: the median of the reading and its available
//     neighbours one level away along each knob (up to 2K+1 readings for K
//     knobs). Along a knob where the metric rises or falls steadily the
//     neighbours fall half below and half above, so the median is the
//     reading itself; a single outlier is replaced by a neighbour's value; a
//     true sharp peak is shaved to its highest neighbour, which errs on the
//     side of a reachable optimum.
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
