#include "core/optimizers/shared/acquisition.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

namespace core {

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }
double normal_pdf(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2.0 * M_PI); }

double expected_improvement(double mean, double sd, double best) {
  if (sd <= 0) return std::max(0.0, mean - best);
  const double z = (mean - best) / sd;
  return (mean - best) * normal_cdf(z) + sd * normal_pdf(z);
}

namespace {

// An increasing function tabulated on [-kReach, kReach]; at(z) is its value
// at the first grid point >= z (an upper bound), scaled up by a hair so that
// rounding in the exact function cannot cross it.
class UpperTable {
 public:
  static constexpr double kReach = 8.0, kStep = 1.0 / 64;

  template <typename F>
  explicit UpperTable(F f) {
    for (double z = -kReach; z <= kReach + kStep / 2; z += kStep)
      values_.push_back(f(z) * (1 + 1e-12));
  }
  // Callers handle z > kReach.
  double at(double z) const {
    const double k = std::ceil((z + kReach) / kStep);
    return values_[static_cast<std::size_t>(
        std::clamp(k, 0.0, static_cast<double>(values_.size() - 1)))];
  }

 private:
  std::vector<double> values_;
};

double normal_cdf_upper(double z) {
  static const UpperTable table(normal_cdf);
  return z >= UpperTable::kReach ? 1.0 : table.at(z);
}

// expected_improvement(mean, sd, best) = sd h(z), h(z) = z Phi(z) + phi(z).
double expected_improvement_upper(double mean, double sd, double best) {
  if (sd <= 0) return std::max(0.0, mean - best);
  static const UpperTable h([](double z) { return z * normal_cdf(z) + normal_pdf(z); });
  const double z = (mean - best) / sd;
  // Beyond the table h(z) = z + phi(z) - z (1 - Phi(z)) <= z + phi(kReach).
  if (z >= UpperTable::kReach) return sd * (z + 2 * normal_pdf(UpperTable::kReach));
  return sd * h.at(z);
}

}  // namespace

LogGoal::LogGoal(const Goal& goal) : objective(goal.objective) {
  if (goal.power_budget_w) log_budget_w = std::log(*goal.power_budget_w);
  if (goal.throughput_target_fps) log_target_fps = std::log(*goal.throughput_target_fps);
}

double probability_feasible(const LogGoal& goal, const LogPrediction& p) {
  double probability = 1.0;
  if (goal.log_budget_w) probability *= normal_cdf((*goal.log_budget_w - p.w_mean) / p.w_sd);
  if (goal.log_target_fps)
    probability *= normal_cdf((p.fps_mean - *goal.log_target_fps) / p.fps_sd);
  return probability;
}

double probability_feasible_bound(const LogGoal& goal, const LogPrediction& p) {
  double probability = 1.0;
  if (goal.log_budget_w) {
    const double slack = *goal.log_budget_w - p.w_mean;
    if (slack < 0) probability *= normal_cdf_upper(slack / p.w_sd);
  }
  if (goal.log_target_fps) {
    const double slack = p.fps_mean - *goal.log_target_fps;
    if (slack < 0) probability *= normal_cdf_upper(slack / p.fps_sd);
  }
  return probability;
}

double log_objective(const Goal& goal, double fps, double w) {
  switch (goal.objective) {
    case Objective::kMaxThroughput:
      return std::log(fps);
    case Objective::kMinPower:
      return -std::log(w);
    case Objective::kMaxEfficiency:
      return std::log(fps) - std::log(w);
  }
  return std::log(fps);
}

namespace {

// Mean and standard deviation of the goal's log objective under `p`.
std::pair<double, double> log_objective_distribution(Objective objective, const LogPrediction& p) {
  switch (objective) {
    case Objective::kMaxThroughput:
      return {p.fps_mean, p.fps_sd};
    case Objective::kMinPower:
      return {-p.w_mean, p.w_sd};
    case Objective::kMaxEfficiency:
      return {p.fps_mean - p.w_mean, std::hypot(p.fps_sd, p.w_sd)};
  }
  return {p.fps_mean, p.fps_sd};
}

}  // namespace

double objective_improvement(const LogGoal& goal, const LogPrediction& p, double incumbent) {
  const auto [mean, sd] = log_objective_distribution(goal.objective, p);
  return expected_improvement(mean, sd, incumbent);
}

double objective_improvement_bound(const LogGoal& goal, const LogPrediction& p, double incumbent) {
  const auto [mean, sd] = log_objective_distribution(goal.objective, p);
  return expected_improvement_upper(mean, sd, incumbent);
}

std::vector<Config> latin_hypercube(const ConfigSpace& space, int points, std::mt19937_64& rng) {
  std::vector<Config> design;
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<std::vector<int>> strata(space.num_knobs());
  for (auto& s : strata) {
    s.resize(static_cast<std::size_t>(points));
    std::iota(s.begin(), s.end(), 0);
    std::shuffle(s.begin(), s.end(), rng);
  }
  for (int i = 0; i < points; ++i) {
    Config c;
    for (std::size_t k = 0; k < space.num_knobs(); ++k) {
      const int levels = static_cast<int>(space.knob(k).values.size());
      const double u = (strata[k][static_cast<std::size_t>(i)] + unit(rng)) / points;
      c.level.push_back(std::min(levels - 1, static_cast<int>(u * levels)));
    }
    if (std::find(design.begin(), design.end(), c) == design.end()) design.push_back(c);
  }
  return design;
}

}  // namespace core
