// A device whose workload changes in the middle of a run (issue 27): the
// first `at_trial` measurements come from `before`, every later one from
// `after` (another model on the same board, a derated or loaded copy of the
// same surface). Both must span the same configuration space.
#ifndef EDGETUNE_SIM_DRIFTING_DEVICE_H_
#define EDGETUNE_SIM_DRIFTING_DEVICE_H_

#include <memory>

#include "core/device.h"

namespace sim {

class DriftingDevice : public core::Device {
 public:
  // Asserts that the two spaces are equal.
  DriftingDevice(std::unique_ptr<core::Device> before, std::unique_ptr<core::Device> after,
                 int at_trial);

  const core::ConfigSpace& space() const override { return before_->space(); }
  core::Measurement measure(const core::Config& config) override;

  bool drifted() const { return trials_ >= at_trial_; }

 private:
  std::unique_ptr<core::Device> before_;
  std::unique_ptr<core::Device> after_;
  int at_trial_;
  int trials_ = 0;
};

}  // namespace sim

#endif  // EDGETUNE_SIM_DRIFTING_DEVICE_H_
