#include "core/optimizers/coral/noise_estimate.h"

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>

namespace core {
namespace {

// Degrees of freedom of re-measurements below which the noise counts as
// not yet observed: too few to judge it on its own, or to let a
// recommendation rest on it.
constexpr double kMinObservedDof = 2.0;

// The prior's weight, in degrees of freedom.
constexpr double kPriorDof = 2.0;

}  // namespace

NoiseEstimate::NoiseEstimate(double prior_noise, double confidence_z)
    : prior_noise_(prior_noise), confidence_z_(confidence_z) {}

void NoiseEstimate::update(const TrialHistory& history,
                           const std::vector<TrialHistory>& earlier_epochs) {
  double fps_sum = 0.0, w_sum = 0.0, dof = 0.0;
  int remeasured = 0;
  auto add = [&](const TrialHistory& epoch) {
    for (const TrialHistory::Entry& e : epoch.entries()) {
      if (e.count < 2 || !(e.mean_fps > 0) || !(e.mean_w > 0)) continue;
      fps_sum += e.m2_fps / (e.mean_fps * e.mean_fps);
      w_sum += e.m2_w / (e.mean_w * e.mean_w);
      dof += e.count - 1;
      ++remeasured;
    }
  };
  add(history);
  for (const TrialHistory& epoch : earlier_epochs) add(epoch);
  const double prior_sum = kPriorDof * prior_noise_ * prior_noise_;
  fps_ = std::sqrt((prior_sum + fps_sum) / (kPriorDof + dof));
  w_ = std::sqrt((prior_sum + w_sum) / (kPriorDof + dof));
  observed_dof_ = dof;
  remeasured_configurations_ = remeasured;
  observed_t_ = observed()
                    ? boost::math::quantile(boost::math::students_t(dof),
                                            boost::math::cdf(boost::math::normal(), confidence_z_))
                    : 0.0;
  observed_fps_ = dof > 0 ? std::sqrt(fps_sum / dof) : 0.0;
  observed_w_ = dof > 0 ? std::sqrt(w_sum / dof) : 0.0;
}

// Not observed_t_ > 0: that quantile is 0 at confidence_z = 0 however many
// repeats there are.
bool NoiseEstimate::observed() const { return observed_dof_ >= kMinObservedDof; }

// Repeated readings identical to the last bit, at two configurations or
// more: a replayed recording without noise (a board's sensors averaged
// over a measurement window do not repeat themselves to the bit). Each
// reading is then taken as the truth, and a margin or a second reading
// guards against nothing. (A recording with a single repeat per point
// replays that one reading too; what it is scored against is its own
// business.)
bool NoiseEstimate::exact() const {
  return observed() && remeasured_configurations_ >= 2 && observed_fps_ == 0.0 &&
         observed_w_ == 0.0;
}

}  // namespace core
