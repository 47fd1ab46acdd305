#include "core/goal.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/errors.h"

namespace core {
namespace {

void check_positive(const std::optional<double>& value, const char* flag) {
  if (value && !(std::isfinite(*value) && *value > 0)) {
    std::ostringstream message;
    message << flag << " is " << *value << ": it must be a positive number (e.g. " << flag
            << " 15)";
    throw InputError(message.str());
  }
}

}  // namespace

Goal Goal::max_throughput(std::optional<double> power_budget_w) {
  Goal goal;
  goal.objective = Objective::kMaxThroughput;
  goal.power_budget_w = power_budget_w;
  return goal;
}

Goal Goal::min_power(double throughput_target_fps) {
  Goal goal;
  goal.objective = Objective::kMinPower;
  goal.throughput_target_fps = throughput_target_fps;
  return goal;
}

Goal Goal::dual(double power_budget_w, double throughput_target_fps) {
  Goal goal;
  goal.objective = Objective::kMinPower;
  goal.power_budget_w = power_budget_w;
  goal.throughput_target_fps = throughput_target_fps;
  return goal;
}

void Goal::validate() const {
  check_positive(power_budget_w, "--power-budget");
  check_positive(throughput_target_fps, "--throughput-target");
  if (objective == Objective::kMinPower && !throughput_target_fps) {
    throw InputError(
        "goal min-power needs a throughput target: add --throughput-target "
        "FPS (least power for no target is just the idle configuration)");
  }
}

double Goal::relative_violation(double throughput_fps, double power_w) const {
  double v = 0.0;
  if (power_budget_w) v += std::max(0.0, (power_w - *power_budget_w) / *power_budget_w);
  if (throughput_target_fps)
    v += std::max(0.0, (*throughput_target_fps - throughput_fps) / *throughput_target_fps);
  return v;
}

bool Goal::feasible(double throughput_fps, double power_w) const {
  if (!std::isfinite(throughput_fps) || !std::isfinite(power_w)) return false;
  if (power_budget_w && power_w > *power_budget_w) return false;
  if (throughput_target_fps && throughput_fps < *throughput_target_fps) return false;
  return true;
}

double Goal::objective_value(double throughput_fps, double power_w) const {
  switch (objective) {
    case Objective::kMaxThroughput:
      return throughput_fps;
    case Objective::kMinPower:
      return -power_w;
    case Objective::kMaxEfficiency:
      return throughput_fps / power_w;
  }
  return throughput_fps;
}

bool Goal::better(double a_fps, double a_w, double b_fps, double b_w) const {
  const double a = objective_value(a_fps, a_w);
  const double b = objective_value(b_fps, b_w);
  if (a != b) return a > b;
  if (objective == Objective::kMinPower) return a_fps > b_fps;
  return a_w < b_w;
}

std::string Goal::kind() const {
  switch (objective) {
    case Objective::kMaxThroughput:
      return "max-throughput";
    case Objective::kMinPower:
      return power_budget_w && throughput_target_fps ? "dual" : "min-power";
    case Objective::kMaxEfficiency:
      return "max-efficiency";
  }
  return "max-throughput";
}

std::string Goal::describe() const {
  std::ostringstream out;
  out << kind();
  if (power_budget_w) out << ", power <= " << *power_budget_w << " W";
  if (throughput_target_fps) out << ", throughput >= " << *throughput_target_fps << " fps";
  return out.str();
}

double score(const Goal& goal, double throughput_fps, double power_w, double oracle_throughput_fps,
             double oracle_power_w) {
  if (!goal.feasible(throughput_fps, power_w)) return 0.0;
  return objective_ratio(goal, throughput_fps, power_w, oracle_throughput_fps, oracle_power_w);
}

double objective_ratio(const Goal& goal, double throughput_fps, double power_w,
                       double reference_throughput_fps, double reference_power_w) {
  switch (goal.objective) {
    case Objective::kMaxThroughput:
      return throughput_fps / reference_throughput_fps;
    case Objective::kMinPower:
      return reference_power_w / power_w;
    case Objective::kMaxEfficiency:
      return (throughput_fps / power_w) / (reference_throughput_fps / reference_power_w);
  }
  return 0.0;
}

}  // namespace core
