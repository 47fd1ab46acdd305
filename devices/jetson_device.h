// devices::JetsonDevice: a live Jetson behind core::Device, so the very
// optimizer code that runs on replayed surfaces drives a real board.
//
// measure(config): apply the clocks in a safe order (every lowering before
// any raising: cores off, then lowered clocks min-then-max, then raised
// clocks max-then-min, then cores on), run the workload at the
// configuration's concurrency, wait settle_s, read back what the kernel set
// (a snapped or clamped value is reported in notes(), not hidden), then
// count frames and sample
// board power at sample_hz over window_s. Every power sample is checked
// against the hard cap (a trial with no frame at all is reported
// unavailable; three in a row end the run as a stuck workload): above it, the board drops to the
// lowest configuration at once, the trial is marked power_cap_tripped, and after max_cap_trips such
// trials the run stops with a DeviceError.
//
// Safety: the constructor snapshots every value it may write and saves the
// state file before the first write; restore() (also run by the destructor)
// writes it all back. A stop request (SIGINT/SIGTERM, devices/stop_request.h)
// ends the trial within one sample with devices::Stopped.
#ifndef EDGETUNE_DEVICES_JETSON_DEVICE_H_
#define EDGETUNE_DEVICES_JETSON_DEVICE_H_

#include <iosfwd>
#include <string>
#include <vector>

#include "core/device.h"
#include "core/errors.h"
#include "devices/board_layout.h"
#include "devices/board_snapshot.h"
#include "devices/clock.h"
#include "devices/workload_pool.h"

namespace devices {

// restore() could not put every file back: the board is not as it was found.
class RestoreError : public core::DeviceError {
 public:
  using core::DeviceError::DeviceError;
};

struct LiveOptions {
  std::string workload;      // shell command, devices/workload_pool.h protocol
  double power_cap_w = 0.0;  // hard cap, W (> 0)
  double settle_s = 2.0;
  double window_s = 5.0;
  double sample_hz = 20.0;  // >= 10 (INA3221 updates at ~ms rates)
  int max_concurrency = 8;
  int max_cap_trips = 3;
  bool dry_run = false;         // log every write instead of making it
  std::string state_file;       // where the snapshot is saved (required)
  std::ostream* log = nullptr;  // dry-run writes and snapping notes
  // Settle, window and sampling time; null: the steady clock (tests pass a
  // fake). Must outlive the device.
  Clock* clock = nullptr;

  // Throws InputError naming the flag (`edgetune live` sets these), its
  // value and its limit.
  void validate() const;
};

class JetsonDevice : public core::Device {
 public:
  // Snapshots the board and saves the state file; writes nothing else.
  // Throws InputError for bad options, DeviceError for unreadable files.
  JetsonDevice(BoardLayout layout, LiveOptions options);
  ~JetsonDevice() override;

  const core::ConfigSpace& space() const override { return space_; }
  core::Measurement measure(const core::Config& config) override;

  // Stops the workload and writes the snapshot back (idempotent), then
  // removes the state file. Throws DeviceError listing what could not be
  // restored, and keeps the state file (named in the message) for --restore.
  void restore();

  const std::vector<std::string>& notes() const { return notes_; }
  int cap_trips() const { return cap_trips_; }

 private:
  // Target value per node in the node's unit.
  struct Target {
    int cores;
    double cpu_khz, gpu_hz, emc_hz;
  };
  Target target_of(const core::Config& config) const;
  void apply(const Target& target);
  void write(const std::string& path, double value);
  void write(const std::string& path, const std::string& value);
  void set_range(const std::string& min_path, const std::string& max_path, double value,
                 bool raising);
  void verify(const Target& target);
  double sample_power();  // checks the stop request and the cap

  BoardLayout layout_;
  core::DirectoryLock board_lock_;  // one driver per board
  LiveOptions options_;
  core::ConfigSpace space_;
  BoardSnapshot snapshot_;
  WorkloadPool workload_;
  std::optional<Target> applied_;
  std::vector<std::string> notes_;
  int cap_trips_ = 0;
  // Trials in a row in which the workload printed nothing.
  static constexpr int kMaxSilentTrials = 3;
  int silent_trials_ = 0;
  bool tripped_ = false;  // during the current trial
  bool restored_ = false;
};

}  // namespace devices

#endif  // EDGETUNE_DEVICES_JETSON_DEVICE_H_
