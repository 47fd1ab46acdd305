#include "core/optimizers/coral/knob_ranking.h"

#include <algorithm>

#include "core/distance_correlation.h"

namespace core {
namespace {

int trend_sign(const std::vector<double>& x, const std::vector<double>& y) {
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) mx += x[i], my += y[i];
  mx /= static_cast<double>(x.size());
  my /= static_cast<double>(y.size());
  double covariance = 0;
  for (std::size_t i = 0; i < x.size(); ++i) covariance += (x[i] - mx) * (y[i] - my);
  return covariance < 0 ? -1 : 1;
}

void rank_by_availability(const ConfigSpace& space, const TrialHistory& history,
                          std::vector<KnobInfluence>& influence) {
  std::vector<double> ran;
  for (const TrialHistory::Entry& e : history.entries()) ran.push_back(e.available ? 1.0 : 0.0);
  if (std::all_of(ran.begin(), ran.end(), [&](double r) { return r == ran.front(); })) return;
  const DistanceSample ran_sample(ran);
  for (std::size_t k = 0; k < space.num_knobs(); ++k) {
    std::vector<double> level;
    for (const TrialHistory::Entry& e : history.entries()) level.push_back(e.config.level[k]);
    influence[k].dcor_available = distance_correlation_1d(DistanceSample(level), ran_sample);
  }
}

}  // namespace

std::vector<KnobInfluence> rank_knobs(const ConfigSpace& space, const TrialHistory& history,
                                      std::size_t min_points) {
  std::vector<KnobInfluence> influence(space.num_knobs());
  rank_by_availability(space, history, influence);
  std::vector<const TrialHistory::Entry*> points;
  for (const TrialHistory::Entry& e : history.entries()) {
    if (e.available && e.count > 0) points.push_back(&e);
  }
  if (points.size() < min_points) return influence;
  std::vector<double> fps, watts;
  for (const TrialHistory::Entry* e : points) {
    fps.push_back(e->mean_fps);
    watts.push_back(e->mean_w);
  }
  const DistanceSample fps_sample(fps), watts_sample(watts);
  for (std::size_t k = 0; k < space.num_knobs(); ++k) {
    std::vector<double> level;
    for (const TrialHistory::Entry* e : points) level.push_back(e->config.level[k]);
    const DistanceSample level_sample(level);
    influence[k].dcor_fps = distance_correlation_1d(level_sample, fps_sample);
    influence[k].dcor_w = distance_correlation_1d(level_sample, watts_sample);
    influence[k].fps_sign = trend_sign(level, fps);
    influence[k].w_sign = trend_sign(level, watts);
  }
  return influence;
}

}  // namespace core
