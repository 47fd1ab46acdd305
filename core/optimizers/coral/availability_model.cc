#include "core/optimizers/coral/availability_model.h"

#include <algorithm>
#include <climits>
#include <cmath>

namespace core {
namespace {

// Length scale (in normalised levels) along a knob of relevance 1; a knob of
// relevance r gets kScale / max(r, kMinRelevance).
constexpr double kScale = 0.2;
constexpr double kMinRelevance = 0.05;
constexpr double kPriorWeight = 0.5;
// A knob's tail where every measured configuration failed is a boundary even
// with failures elsewhere when failing there by chance, at the failure rate
// seen elsewhere, has probability below this.
constexpr double kChanceTail = 0.01;

}  // namespace

AvailabilityModel::AvailabilityModel(const std::vector<std::vector<double>>& positions,
                                     const TrialHistory& history,
                                     const std::vector<double>& relevance, bool with_boundary)
    : positions_(positions), history_(history) {
  for (double r : relevance) inverse_scale_.push_back(std::max(r, kMinRelevance) / kScale);
  all_available_ = std::all_of(history.entries().begin(), history.entries().end(),
                               [](const TrialHistory::Entry& e) { return e.available; });
  const bool any_ran = std::any_of(history.entries().begin(), history.entries().end(),
                                   [](const TrialHistory::Entry& e) { return e.available; });
  if (all_available_ || !any_ran || !with_boundary) return;
  for (std::size_t j = 0; j < positions.size(); ++j) {
    if (boundary_knob_ && relevance[j] <= relevance[*boundary_knob_]) continue;
    for (int direction : {1, -1}) {
      if (const std::optional<int> first = failing_tail(j, direction)) {
        boundary_knob_ = j, first_unavailable_ = *first, direction_ = direction;
        break;
      }
    }
  }
}

std::optional<int> AvailabilityModel::failing_tail(std::size_t knob, int direction) const {
  // Levels are compared as direction * level, so the tail is always "above".
  int last_ran = INT_MIN;
  for (const TrialHistory::Entry& e : history_.entries()) {
    if (e.available) last_ran = std::max(last_ran, direction * e.config.level[knob]);
  }
  int tail_failures = 0, inside = 0, inside_failures = 0, first_failing = INT_MAX;
  for (const TrialHistory::Entry& e : history_.entries()) {
    const int level = direction * e.config.level[knob];
    if (level > last_ran)
      ++tail_failures, first_failing = std::min(first_failing, level);
    else
      ++inside, inside_failures += e.available ? 0 : 1;
  }
  if (tail_failures == 0) return std::nullopt;
  if (inside_failures > 0) {
    // Failures elsewhere too: the tail is a boundary only if failing there
    // every time is unlikely at the failure rate seen inside (Laplace
    // estimate, so that a handful of trials cannot make it look small).
    const double inside_rate = (inside_failures + 1.0) / (inside + 2.0);
    if (std::pow(inside_rate, tail_failures) >= kChanceTail) return std::nullopt;
  }
  return direction * first_failing;
}

double AvailabilityModel::probability(const int* levels) const {
  if (all_available_) return 1.0;  // the smoothed value, without the cost
  if (boundary_knob_ && direction_ * (levels[*boundary_knob_] - first_unavailable_) >= 0)
    return 0.0;
  return smoothed(levels);
}

double AvailabilityModel::smoothed(const int* levels) const {
  double weight = kPriorWeight, sum = kPriorWeight;
  for (const TrialHistory::Entry& e : history_.entries()) {
    double d2 = 0.0;
    for (std::size_t j = 0; j < positions_.size(); ++j) {
      const double d = (positions_[j][static_cast<std::size_t>(levels[j])] -
                        positions_[j][static_cast<std::size_t>(e.config.level[j])]) *
                       inverse_scale_[j];
      d2 += d * d;
    }
    const double w = std::exp(-0.5 * d2);
    weight += w;
    sum += e.available ? w : 0.0;
  }
  return sum / weight;
}

}  // namespace core
