// The result of trying one configuration on a device.
#ifndef EDGETUNE_CORE_MEASUREMENT_H_
#define EDGETUNE_CORE_MEASUREMENT_H_

#include <limits>
#include <map>
#include <string>

#include "core/config_space.h"

namespace core {

struct Measurement {
  Config config;
  // False when the configuration cannot run (out of memory, not measured);
  // throughput and power are then NaN.
  bool available = true;
  double throughput_fps = std::numeric_limits<double>::quiet_NaN();
  double power_w = std::numeric_limits<double>::quiet_NaN();
  // Other metrics by name ("latency_p99" in ms, ...). Devices fill it only
  // when asked to; it is empty on the replay hot path.
  std::map<std::string, double> extra;
  // Board time the trial took: settle plus measurement window, seconds.
  double cost_s = 0.0;
  // Live only: the hard power cap tripped during this trial and the device
  // dropped to its safe configuration; the metrics are not trustworthy.
  bool power_cap_tripped = false;
};

}  // namespace core

#endif  // EDGETUNE_CORE_MEASUREMENT_H_
