// What the operator asks for: an objective and up to two constraints.
#ifndef EDGETUNE_CORE_GOAL_H_
#define EDGETUNE_CORE_GOAL_H_

#include <optional>
#include <string>

namespace core {

enum class Objective {
  kMaxThroughput,  // most fps (under the power budget, if any)
  kMinPower,       // least watts (meeting the throughput target, if any)
  kMaxEfficiency,  // most frames per joule (fps / W) under the constraints
};

// A goal. The three goals of DESIGN.md are built by the named constructors:
//   max-throughput: kMaxThroughput, optional power budget;
//   min-power:      kMinPower, throughput target;
//   dual:           kMinPower with both a power budget and a target.
// A configuration is feasible when its power <= budget and its throughput
// >= target (each only when set).
struct Goal {
  Objective objective = Objective::kMaxThroughput;
  std::optional<double> power_budget_w;
  std::optional<double> throughput_target_fps;

  static Goal max_throughput(std::optional<double> power_budget_w);
  static Goal min_power(double throughput_target_fps);
  static Goal dual(double power_budget_w, double throughput_target_fps);

  // Throws InputError naming the field when a budget or target is negative,
  // zero or not finite, or a goal lacks the constraint it needs (min-power
  // without a target).
  void validate() const;

  bool feasible(double throughput_fps, double power_w) const;
  // How far a configuration misses the constraints, relative to each:
  // max(0, (W - budget) / budget) + max(0, (target - fps) / target), each
  // term only when that constraint is set; 0 when finite readings meet them.
  double relative_violation(double throughput_fps, double power_w) const;
  // Larger is better: fps, -W or fps/W.
  double objective_value(double throughput_fps, double power_w) const;
  // True when (a) is strictly preferable to (b) on the objective alone, with
  // a deterministic tie-break on the other metric (less power for equal fps,
  // more fps for equal power). Feasibility is not considered.
  bool better(double a_fps, double a_w, double b_fps, double b_w) const;

  // "max-throughput", "min-power", "dual" or "max-efficiency".
  std::string kind() const;
  // "max-throughput, power <= 15 W" for messages.
  std::string describe() const;

  bool operator==(const Goal& other) const {
    return objective == other.objective && power_budget_w == other.power_budget_w &&
           throughput_target_fps == other.throughput_target_fps;
  }
};

// Score of a recommendation against the optimum, both on the noise-free
// surface: fps / oracle fps (max-throughput), oracle W / W (min-power, dual),
// efficiency / oracle efficiency (max-efficiency). 0 when the recommendation
// is infeasible. Can exceed 1 only if `oracle` is not the true optimum.
double score(const Goal& goal, double throughput_fps, double power_w, double oracle_throughput_fps,
             double oracle_power_w);
// The objective part of score(), feasibility aside: how the metrics compare
// with a reference's on the goal's objective (1 = as good). For scoring
// denoised values whose feasibility was judged on recorded ones.
double objective_ratio(const Goal& goal, double throughput_fps, double power_w,
                       double reference_throughput_fps, double reference_power_w);

}  // namespace core

#endif  // EDGETUNE_CORE_GOAL_H_
