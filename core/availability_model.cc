#include "core/availability_model.h"

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

}  // namespace

AvailabilityModel::AvailabilityModel(const std::vector<std::vector<double>>& positions,
                                     const TrialHistory& history, const std::vector<double>& relevance,
                                     bool with_boundary)
    : positions_(positions), history_(history) {
  for (double r : relevance) inverse_scale_.push_back(std::max(r, kMinRelevance) / kScale);
  all_available_ = std::all_of(history.entries().begin(), history.entries().end(),
                               [](const TrialHistory::Entry& e) { return e.available; });
  const bool any_ran = std::any_of(history.entries().begin(), history.entries().end(),
                                  [](const TrialHistory::Entry& e) { return e.available; });
  if (all_available_ || !any_ran || !with_boundary) return;
  for (std::size_t j = 0; j < positions.size(); ++j) {
    int ok_low = INT_MAX, ok_high = INT_MIN, bad_low = INT_MAX, bad_high = INT_MIN;
    for (const TrialHistory::Entry& e : history.entries()) {
      const int level = e.config.level[j];
      if (e.available) ok_low = std::min(ok_low, level), ok_high = std::max(ok_high, level);
      else bad_low = std::min(bad_low, level), bad_high = std::max(bad_high, level);
    }
    if (boundary_knob_ && relevance[j] <= relevance[*boundary_knob_]) continue;
    if (bad_low > ok_high) boundary_knob_ = j, first_unavailable_ = bad_low, direction_ = 1;
    else if (bad_high < ok_low) boundary_knob_ = j, first_unavailable_ = bad_high, direction_ = -1;
  }
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
