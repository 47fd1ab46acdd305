// The one seam between optimizers and hardware: a replayed surface
// (sim::SurfaceDevice) or a live board (devices::JetsonDevice).
#ifndef EDGETUNE_CORE_DEVICE_H_
#define EDGETUNE_CORE_DEVICE_H_

#include "core/config_space.h"
#include "core/measurement.h"

namespace core {

// Applies a configuration, lets it settle, and measures it. Not thread-safe:
// one run owns one device.
class Device {
 public:
  virtual ~Device() = default;
  // The knobs and their settable values; valid for the device's lifetime.
  virtual const ConfigSpace& space() const = 0;
  // `config` must be in space(). An unavailable configuration returns
  // available == false (it still costs board time). Throws DeviceError when
  // the device itself fails.
  virtual Measurement measure(const Config& config) = 0;
};

}  // namespace core

#endif  // EDGETUNE_CORE_DEVICE_H_
