#include "core/oracle.h"

namespace core {

OracleResult exhaustive_optimum(Device& device, const Goal& goal) {
  const ConfigSpace& space = device.space();
  OracleResult result;
  result.configurations = space.size();
  for (std::size_t i = 0; i < space.size(); ++i) {
    const Measurement m = device.measure(space.config(i));
    if (!m.available) continue;
    ++result.available;
    if (!goal.feasible(m.throughput_fps, m.power_w)) continue;
    ++result.feasible;
    if (!result.best ||
        goal.better(m.throughput_fps, m.power_w, result.throughput_fps, result.power_w)) {
      result.best = m.config;
      result.throughput_fps = m.throughput_fps;
      result.power_w = m.power_w;
    }
  }
  return result;
}

}  // namespace core
