// edgetune info FILE [--json]: what a surface holds.
#include <fmt/format.h>

#include <iostream>

#include "experiments/command_line.h"
#include "experiments/json_output.h"
#include "experiments/surface_summary.h"
#include "traces/surface_file.h"

namespace po = boost::program_options;

namespace experiments {
namespace {

nlohmann::json info_json(const traces::Surface& s, const SurfaceSummary& summary) {
  nlohmann::json j;
  j["file"] = s.path;
  j["device"] = s.device;
  j["model"] = s.model;
  j["provenance"] = s.provenance;
  j["description"] = s.description;
  j["knobs"] = nlohmann::json::array();
  for (const core::Knob& k : s.space.knobs()) {
    j["knobs"].push_back({{"name", k.name}, {"unit", k.unit}, {"values", k.values}});
  }
  j["grid_points"] = summary.points;
  j["available_points"] = summary.available;
  j["metrics"] = nlohmann::json::object();
  for (const auto& [name, range] : summary.ranges) {
    j["metrics"][name] = {{"unit", s.metrics.at(name).unit}, {"min", range.min}, {"max", range.max}};
  }
  j["equal_throughput_power"] = nlohmann::json::array();
  for (const EqualThroughputBand& b : summary.bands) {
    j["equal_throughput_power"].push_back({{"throughput_fps", b.throughput_fps},
                                           {"configurations", b.configurations},
                                           {"min_power_w", b.min_power_w},
                                           {"max_power_w", b.max_power_w},
                                           {"ratio", b.max_power_w / b.min_power_w}});
  }
  j["has_metrics_std"] = !s.metrics_std.empty();
  j["has_repeats"] = !s.repeats.empty();
  return j;
}

void print_text(const traces::Surface& s, const SurfaceSummary& summary) {
  std::cout << fmt::format("{}\n  device {}, model {}, provenance {}\n", s.path, s.device,
                           s.model, s.provenance);
  if (!s.description.empty()) std::cout << "  " << s.description << "\n";
  std::cout << fmt::format("  grid {} points, {} available\n  knobs:\n", summary.points,
                           summary.available);
  for (const core::Knob& k : s.space.knobs()) {
    std::cout << fmt::format("    {:<12} {:>3} values [{}] {}\n", k.name, k.values.size(),
                             fmt::join(k.values, ", "), k.unit);
  }
  std::cout << "  metrics (min .. max over available points):\n";
  for (const auto& [name, range] : summary.ranges) {
    std::cout << fmt::format("    {:<18} {:>10.4g} .. {:<10.4g} {}\n", name, range.min,
                             range.max, s.metrics.at(name).unit);
  }
  std::cout << "  power at equal throughput (+-2.5% of max fps):\n";
  for (const EqualThroughputBand& b : summary.bands) {
    std::cout << fmt::format("    {:>8.1f} fps: {:>5} configs, {:.2f} .. {:.2f} W ({:.2f}x)\n",
                             b.throughput_fps, b.configurations, b.min_power_w,
                             b.max_power_w, b.max_power_w / b.min_power_w);
  }
}

}  // namespace

int cmd_info(const Args& args) {
  po::options_description options("info options");
  options.add_options()("file", po::value<std::string>()->required(), "surface file (.h5)")
      ("json", po::bool_switch(), "print one JSON object");
  po::positional_options_description positional;
  positional.add("file", 1);
  const auto vm = parse_command_line(args, "edgetune info FILE [--json]", options, positional);
  if (!vm) return 0;
  const traces::Surface surface = traces::load_surface((*vm)["file"].as<std::string>());
  const SurfaceSummary summary = summarize(surface);
  if ((*vm)["json"].as<bool>()) {
    print_json(info_json(surface, summary));
  } else {
    print_text(surface, summary);
  }
  return 0;
}

}  // namespace experiments
