#include "experiments/live/board_recording.h"

#include <fmt/format.h>

#include <iostream>
#include <random>
#include <vector>

#include "experiments/surfaces/surface_import.h"
#include "traces/surface_file.h"

namespace experiments {

void record_board(devices::JetsonDevice& device, const std::string& out, int count, int repeats,
                  std::uint64_t seed, const std::string& root, std::ostream* progress) {
  const core::ConfigSpace& space = device.space();
  traces::Surface s;
  s.device = "live:" + root;
  s.model = "workload";
  s.provenance = "recorded";
  s.description =
      fmt::format("edgetune live --record: {} configurations measured {} times each on the board",
                  count, repeats);
  s.space = space;
  std::vector<std::vector<double>> fps(space.size()), watts(space.size());
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::size_t> pick(0, space.size() - 1);
  std::vector<bool> done(space.size(), false);
  for (int i = 0; i < count && i < static_cast<int>(space.size()); ++i) {
    std::size_t index = pick(rng);
    while (done[index]) index = pick(rng);
    done[index] = true;
    std::vector<double> f, w;
    for (int r = 0; r < repeats; ++r) {
      const core::Measurement m = device.measure(space.config(index));
      if (!m.available || m.power_cap_tripped) break;
      f.push_back(m.throughput_fps);
      w.push_back(m.power_w);
      if (progress)
        *progress << fmt::format("record {}/{} reading {}/{}: {} -> {:.2f} fps, {:.2f} W\n", i + 1,
                                 count, r + 1, repeats, space.describe(m.config), m.throughput_fps,
                                 m.power_w);
    }
    if (static_cast<int>(f.size()) < repeats) continue;
    fps[index] = std::move(f);
    watts[index] = std::move(w);
  }
  pool_readings(s, "throughput", "fps", fps);
  pool_readings(s, "power", "W", watts);
  traces::write_surface(s, out, true);
}

}  // namespace experiments
