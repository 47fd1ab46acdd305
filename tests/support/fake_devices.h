// Devices for tests: a surface replay that also counts what it is asked.
#ifndef EDGETUNE_TESTS_SUPPORT_FAKE_DEVICES_H_
#define EDGETUNE_TESTS_SUPPORT_FAKE_DEVICES_H_

#include <memory>
#include <vector>

#include "core/device.h"
#include "sim/surface_device.h"

namespace testing_support {

// Wraps a device: counts trials, records proposals, flags out-of-space ones.
class CountingDevice : public core::Device {
 public:
  explicit CountingDevice(core::Device& inner) : inner_(inner) {}
  const core::ConfigSpace& space() const override { return inner_.space(); }
  core::Measurement measure(const core::Config& config) override {
    ++trials;
    if (!space().contains(config)) ++out_of_space;
    measured.push_back(config);
    return inner_.measure(config);
  }
  int trials = 0;
  int out_of_space = 0;
  std::vector<core::Config> measured;

 private:
  core::Device& inner_;
};

}  // namespace testing_support

#endif  // EDGETUNE_TESTS_SUPPORT_FAKE_DEVICES_H_
