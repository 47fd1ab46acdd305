#include "experiments/live/board_probe.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "core/errors.h"
#include "devices/jetson_device.h"
#include "devices/sysfs_file.h"
#include "experiments/run/result_json.h"

namespace experiments {
namespace {

std::string current_value(const std::string& path) {
  try {
    return devices::read_sysfs(path);
  } catch (const core::DeviceError&) {
    return "?";
  }
}

}  // namespace

nlohmann::json probe_board(const devices::BoardLayout& layout) {
  const core::ConfigSpace space = devices::live_space(layout, 1);
  nlohmann::json knobs = nlohmann::json::array(), rails = nlohmann::json::array();
  const std::string now[] = {current_value(layout.cpu.cpufreq_dirs[0] + "/scaling_cur_freq"),
                             std::to_string(layout.cpu.cpu_count),
                             current_value(layout.gpu->dir + "/cur_freq"),
                             layout.emc ? current_value(layout.emc->dir + "/rate") : std::string()};
  for (std::size_t k = 0; k + 1 < space.num_knobs(); ++k) {
    knobs.push_back({{"name", space.knob(k).name},
                     {"unit", space.knob(k).unit},
                     {"values", space.knob(k).values},
                     {"current_raw", now[k]}});
  }
  for (const devices::PowerRail& rail : layout.rails) {
    devices::BoardLayout one = layout;
    one.rails = {rail};
    one.total_rail = -1;
    double w = std::nan("");
    try {
      w = devices::read_board_power(one);
    } catch (const core::DeviceError&) {
    }
    rails.push_back({{"label", rail.label}, {"power_w", number_or_null(w)}});
  }
  const double total = devices::read_board_power(layout);
  return {{"root", layout.root}, {"knobs", knobs}, {"rails", rails}, {"board_power_w", total}};
}

}  // namespace experiments
