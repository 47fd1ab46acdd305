#include "experiments/run/drift.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/errors.h"

namespace experiments {
namespace {

double peak(const std::vector<double>& values) {
  double best = 0.0;
  for (double v : values) {
    if (!std::isnan(v)) best = std::max(best, v);
  }
  return best;
}

// Applies `change` to every value of `metric` in /metrics and /repeats.
template <typename Change>
void change_metric(traces::Surface& surface, const std::string& metric, Change change) {
  for (double& v : surface.metrics.at(metric).values) v = change(v);
  const auto repeats = surface.repeats.find(metric);
  if (repeats != surface.repeats.end()) {
    for (double& v : repeats->second.values) v = change(v);
  }
}

}  // namespace

Drift Drift::at(int at_trial, std::string to_model, double throughput_scale, double power_offset) {
  Drift drift;
  drift.at_trial = at_trial;
  drift.to_model = std::move(to_model);
  drift.throughput_scale = throughput_scale;
  drift.power_offset = power_offset;
  return drift;
}

void Drift::validate(const std::string& scenario) const {
  const auto bad = [&](const char* field, double value, const char* rule) {
    return core::InputError(
        fmt::format("scenario '{}': drift {} is {}; it must be {}", scenario, field, value, rule));
  };
  if (at_trial < 1) throw bad("at_trial", at_trial, ">= 1");
  if (!(throughput_scale > 0 && throughput_scale <= 10)) {
    throw bad("throughput_scale", throughput_scale, "in (0, 10]");
  }
  if (!(power_offset >= 0 && power_offset <= 10)) {
    throw bad("power_offset", power_offset, "in [0, 10]");
  }
  if (to_model.empty() && throughput_scale == 1.0 && power_offset == 0.0) {
    throw core::InputError("scenario '" + scenario +
                           "': its drift changes nothing; give to_model, throughput_scale or "
                           "power_offset");
  }
}

std::string Drift::describe() const {
  std::string text = fmt::format("at trial {}:", at_trial);
  if (!to_model.empty()) {
    text += to_model == "other" ? " swap to the board's most different model"
                                : " swap to model " + to_model;
  }
  if (throughput_scale != 1.0) text += fmt::format(" throughput x{}", throughput_scale);
  if (power_offset != 0.0) text += fmt::format(" power +{:.0f}% of the budget", power_offset * 100);
  return text;
}

nlohmann::json Drift::json() const {
  nlohmann::json j = {{"at_trial", at_trial}};
  if (!to_model.empty()) j["to_model"] = to_model;
  if (throughput_scale != 1.0) j["throughput_scale"] = throughput_scale;
  if (power_offset != 0.0) j["power_offset"] = power_offset;
  return j;
}

Drift Drift::from_json(const nlohmann::json& j) {
  Drift drift;
  drift.at_trial = j.value("at_trial", drift.at_trial);
  drift.to_model = j.value("to_model", std::string());
  drift.throughput_scale = j.value("throughput_scale", 1.0);
  drift.power_offset = j.value("power_offset", 0.0);
  return drift;
}

traces::Surface drifted_surface(
    const traces::Surface& surface, const Drift& drift,
    const std::vector<std::shared_ptr<const traces::Surface>>& candidates) {
  traces::Surface after = surface;
  if (!drift.to_model.empty()) {
    const traces::Surface* chosen = nullptr;
    const double own_peak = peak(surface.throughput_fps());
    double farthest = -1.0;
    for (const auto& candidate : candidates) {
      if (candidate->device != surface.device || candidate->model == surface.model) continue;
      if (!(candidate->space.knobs() == surface.space.knobs())) continue;  // not swappable
      if (drift.to_model == "other") {
        const double distance = std::abs(std::log(peak(candidate->throughput_fps()) / own_peak));
        if (distance > farthest) farthest = distance, chosen = candidate.get();
      } else if (candidate->model == drift.to_model) {
        chosen = candidate.get();
      }
    }
    if (!chosen) {
      throw core::InputError(fmt::format(
          "drift to model '{}': no other surface of {} with that model and the same knobs in "
          "this sweep; add one with --surfaces",
          drift.to_model, surface.device));
    }
    after = *chosen;
  }
  if (drift.throughput_scale != 1.0) {
    const double scale = drift.throughput_scale;
    change_metric(after, "throughput", [scale](double v) { return v * scale; });
    const auto spread = after.metrics_std.find("throughput");
    if (spread != after.metrics_std.end()) {
      for (double& v : spread->second.values) v *= scale;
    }
  }
  return after;
}

void add_background_load(traces::Surface& surface, const Drift& drift, const core::Goal& goal) {
  if (drift.power_offset == 0.0) return;
  const double offset =
      drift.power_offset * (goal.power_budget_w ? *goal.power_budget_w : peak(surface.power_w()));
  change_metric(surface, "power", [offset](double v) { return v + offset; });
}

}  // namespace experiments
