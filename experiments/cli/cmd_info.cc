// edgetune info FILE [--json]: what a surface holds.
#include <fmt/format.h>

#include <cmath>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/distance_correlation.h"
#include "experiments/cli/command_line.h"
#include "experiments/cli/json_output.h"
#include "experiments/surfaces/surface_summary.h"
#include "traces/surface_file.h"

namespace po = boost::program_options;

namespace experiments {
namespace {

// (knob name, value) of each level the recording skipped.
std::vector<std::pair<std::string, double>> skipped_values(const traces::Surface& s,
                                                           const SurfaceSummary& summary) {
  std::vector<std::pair<std::string, double>> out;
  for (const traces::SkippedLevel& l : summary.skipped) {
    const core::Knob& knob = s.space.knob(l.knob);
    out.emplace_back(knob.name, knob.values[static_cast<std::size_t>(l.level)]);
  }
  return out;
}

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
  j["format_version"] = s.measured.empty() ? 1 : 2;
  j["measured_points"] = s.measured_points();
  if (!s.completion.method.empty()) {
    // The reader checked the parameters are a bounded JSON object; one that
    // still does not parse is shown as the text it is.
    nlohmann::json parameters = s.completion.parameters;
    try {
      parameters = nlohmann::json::parse(s.completion.parameters);
    } catch (const nlohmann::json::exception&) {
    }
    j["completion"] = {{"method", s.completion.method},
                       {"readings", s.completion.readings},
                       {"parameters", parameters}};
  }
  j["skipped_levels"] = nlohmann::json::array();
  for (const auto& [knob, value] : skipped_values(s, summary))
    j["skipped_levels"].push_back({{"knob", knob}, {"value", value}});
  j["metrics"] = nlohmann::json::object();
  for (const auto& [name, range] : summary.ranges) {
    j["metrics"][name] = {
        {"unit", s.metrics.at(name).unit}, {"min", range.min}, {"max", range.max}};
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

// dCor of each knob's value with each metric over the available points:
// how strongly (not necessarily monotonically) each knob drives each metric.
std::map<std::string, std::map<std::string, double>> knob_metric_dcor(const traces::Surface& s) {
  std::vector<std::size_t> points;
  for (std::size_t i = 0; i < s.space.size(); ++i) {
    if (s.available(i)) points.push_back(i);
  }
  std::map<std::string, std::map<std::string, double>> table;
  for (std::size_t k = 0; k < s.space.num_knobs(); ++k) {
    std::vector<double> knob;
    for (std::size_t i : points) knob.push_back(s.space.value(s.space.config(i), k));
    for (const auto& [name, metric] : s.metrics) {
      std::vector<double> x, y;
      for (std::size_t j = 0; j < points.size(); ++j) {
        const double v = metric.values[points[j]];
        if (std::isnan(v)) continue;
        x.push_back(knob[j]);
        y.push_back(v);
      }
      table[s.space.knob(k).name][name] = core::distance_correlation_1d(x, y);
    }
  }
  return table;
}

void print_dcor(const std::map<std::string, std::map<std::string, double>>& table) {
  std::cout << "  distance correlation, knob x metric (0 = independent, 1 = determined):\n";
  for (const auto& [knob, row] : table) {
    std::cout << fmt::format("    {:<12}", knob);
    for (const auto& [metric, value] : row) std::cout << fmt::format(" {}={:.3f}", metric, value);
    std::cout << "\n";
  }
}

void print_text(const traces::Surface& s, const SurfaceSummary& summary) {
  std::cout << fmt::format("{}\n  device {}, model {}, provenance {}\n", s.path, s.device, s.model,
                           s.provenance);
  if (!s.description.empty()) std::cout << "  " << s.description << "\n";
  std::cout << fmt::format("  grid {} points, {} available\n", summary.points, summary.available);
  if (const std::string measured = measured_share_text(s); !measured.empty())
    std::cout << "  " << measured << "\n";
  std::cout << "  knobs:\n";
  for (const core::Knob& k : s.space.knobs()) {
    std::cout << fmt::format("    {:<12} {:>3} values [{}] {}\n", k.name, k.values.size(),
                             fmt::join(k.values, ", "), k.unit);
  }
  if (!summary.skipped.empty()) {
    std::vector<std::string> levels;
    for (const auto& [knob, value] : skipped_values(s, summary))
      levels.push_back(fmt::format("{} {}", knob, value));
    std::cout << fmt::format(
        "  not recorded at any configuration (run and sweep leave them out): {}\n",
        fmt::join(levels, ", "));
  }
  std::cout << "  metrics (min .. max over available points):\n";
  for (const auto& [name, range] : summary.ranges) {
    std::cout << fmt::format("    {:<18} {:>10.4g} .. {:<10.4g} {}\n", name, range.min, range.max,
                             s.metrics.at(name).unit);
  }
  std::cout << "  power at equal throughput (+-2.5% of max fps):\n";
  for (const EqualThroughputBand& b : summary.bands) {
    std::cout << fmt::format("    {:>8.1f} fps: {:>5} configs, {:.2f} .. {:.2f} W ({:.2f}x)\n",
                             b.throughput_fps, b.configurations, b.min_power_w, b.max_power_w,
                             b.max_power_w / b.min_power_w);
  }
}

}  // namespace

int cmd_info(const Args& args, const OptimizerFactory& /*optimizers*/) {
  po::options_description options("info options");
  options.add_options()("file", po::value<std::string>()->required(), "surface file (.h5)")(
      "json", po::bool_switch(), "print one JSON object")(
      "dcor", po::bool_switch(), "distance correlation of every knob with every metric");
  po::positional_options_description positional;
  positional.add("file", 1);
  const auto vm =
      parse_command_line(args, "edgetune info FILE [--json] [--dcor]", options, positional);
  if (!vm) return 0;
  const traces::Surface surface = traces::load_surface((*vm)["file"].as<std::string>());
  const SurfaceSummary summary = summarize(surface);
  const bool dcor = (*vm)["dcor"].as<bool>();
  if ((*vm)["json"].as<bool>()) {
    nlohmann::json j = info_json(surface, summary);
    if (dcor) j["dcor"] = knob_metric_dcor(surface);
    print_json(j);
  } else {
    print_text(surface, summary);
    if (dcor) print_dcor(knob_metric_dcor(surface));
  }
  return 0;
}

}  // namespace experiments
