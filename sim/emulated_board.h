// An emulated Jetson for testing the live driver without hardware: a sysfs
// tree in a directory (AGX Orin layout: hwmon INA3221 rails, ga10b-style
// devfreq GPU, bpmp debugfs EMC; or AGX Xavier layout: JetPack 4 iio rails,
// gv11b GPU) whose power rails and workload frame rate follow a performance
// surface at the clocks currently written into the tree.
//
// The fake workload (workload_command()) follows the live driver's protocol
// (devices/workload_pool.h): each copy prints one line per frame at the
// surface's throughput divided by the number of copies. Rails are written
// atomically (temp + rename) so a reader never sees a half-written value.
// With no workload running the board draws idle power (0.6 x the surface
// power at one stream), so after the driver restores the clocks and the
// emulator stops, every file is back to its starting content (idle power
// follows the surface: after switch_surface(), switch back first).
#ifndef EDGETUNE_SIM_EMULATED_BOARD_H_
#define EDGETUNE_SIM_EMULATED_BOARD_H_

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/config_space.h"
#include "traces/surface.h"

namespace sim {

class EmulatedBoard {
 public:
  enum class Layout { kAgxOrin, kAgxXavier };

  // Builds the tree under `root` (created; must not hold a board already)
  // from the surface's knobs: cpu_freq, cpu_cores, gpu_freq, concurrency,
  // and emc_freq when present. Throws core::InputError when the surface
  // lacks one of them.
  EmulatedBoard(std::shared_ptr<const traces::Surface> surface, std::string root, Layout layout);
  ~EmulatedBoard();

  // Keeps rails and frame rate following the written clocks (every 10 ms)
  // on a background thread until stop(); stop() leaves the idle state.
  void start();
  void stop();
  // One update now.
  void refresh();

  // The fake workload: a shell command for `edgetune live --workload`.
  std::string workload_command() const;
  const std::string& root() const { return root_; }
  // The configuration of the surface the written clocks are nearest to.
  core::Config current_config() const;
  // Every file under the tree except the emulator's own, path -> content.
  std::map<std::string, std::string> files() const;

  // Faults for tests: extra watts on every reading (a spike), or a rail
  // that reads garbage.
  void set_power_offset(double watts) { power_offset_ = watts; }
  void set_sensor_garbage(bool garbage) { garbage_ = garbage; }
  // A kernel-side cap on the GPU clock (MHz): written min/max above it are
  // silently clamped to the highest step at or below it, as thermal caps do.
  void set_gpu_clamp(double mhz) { gpu_clamp_mhz_ = mhz; }
  // The workload changes (a model swap): from now on rails and frame rate
  // follow `next`, which must have the same knobs and levels. Throws
  // core::InputError naming the difference otherwise. Safe while running.
  void switch_surface(std::shared_ptr<const traces::Surface> next);

 private:
  void build();
  // current_config() in `space` (every surface the board follows has the
  // same): refresh() passes the surface it read once.
  core::Config config_in(const core::ConfigSpace& space) const;
  void write_rails(double watts);
  int streams() const;  // concurrency the workload announced, 0 when idle

  // Read and replaced with std::atomic_load/store: switch_surface() may run
  // while the background thread refreshes.
  std::shared_ptr<const traces::Surface> surface_;
  std::string root_;
  Layout layout_;
  std::atomic<bool> running_{false};
  std::atomic<double> power_offset_{0.0};
  std::atomic<bool> garbage_{false};
  std::atomic<double> gpu_clamp_mhz_{0.0};
  std::thread thread_;
  mutable std::mutex mutex_;
};

}  // namespace sim

#endif  // EDGETUNE_SIM_EMULATED_BOARD_H_
