#include "sim/drifting_device.h"

#include <cassert>

namespace sim {

DriftingDevice::DriftingDevice(std::unique_ptr<core::Device> before,
                               std::unique_ptr<core::Device> after, int at_trial)
    : before_(std::move(before)), after_(std::move(after)), at_trial_(at_trial) {
  assert(before_->space().knobs() == after_->space().knobs());
}

core::Measurement DriftingDevice::measure(const core::Config& config) {
  core::Device& device = trials_ < at_trial_ ? *before_ : *after_;
  ++trials_;
  return device.measure(config);
}

}  // namespace sim
