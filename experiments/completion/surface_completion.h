// `edgetune complete`: a full surface from a sampled recording (format
// version 2, traces/surface-format-v2.md). Each of throughput and power is
// modelled over the knobs from the measured points; the points nobody
// measured get the model's prediction (its median by default; with a drawn
// per-point deviation on request, as rough as a recording: see
// UnmeasuredValues), /metrics_std its predictive spread combined with the
// measurement noise, and NaN where the measured failures around a point say
// it cannot run. Measured points keep their readings, and
// /measured still says which they are.
#ifndef EDGETUNE_EXPERIMENTS_COMPLETION_SURFACE_COMPLETION_H_
#define EDGETUNE_EXPERIMENTS_COMPLETION_SURFACE_COMPLETION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "experiments/completion/matern_gp.h"
#include "traces/surface.h"

namespace experiments {

// What an unmeasured point's value is.
// - kDraw: the model's median times a deviation drawn at the size of the
//   fitted per-point noise (a conditional simulation). A recording is rougher
//   than any smooth model: each point carries its own deviation (thermals,
//   cache luck, a single reading's noise), which the GP fits as its noise
//   term. Kriging's smooth mean understates exactly that, and optimizers are
//   ranked on it: on xavier-nx_yolov8s and agx-orin_yolov8n at 10% of the
//   grid (3 samples x 20 run seeds), the median scores of coral,
//   coral-uniform and bo on a median completion are off their scores on the
//   full grid by 0.013 on average, bo's (a GP method itself) by +0.019;
//   drawn, by 0.009 and +0.013. The truth and the value then each carry a
//   deviation, so /metrics_std adds the drawn one's variance.
// - kMedian (the default): the model's median alone, the closest a
//   completion comes to any single point but smoother than a board. Chosen
//   by fidelity's goals: drawn, the point errors grow by about a quarter,
//   the optimum a completed surface claims is off by more (0.9% against
//   0.3% on xavier-nx_yolov8s at 10%), and where a scenario's optimum sits
//   on a constraint's edge a lucky draw often puts it over (agx-orin_yolov8n
//   at 2% and 5%: the true score of the completed surface's optimum is a
//   median 0 over the paper scenarios, against 0.98 with the median);
//   Kendall's tau and the resolved pairs did not tell the two apart beyond
//   their noise.
enum class UnmeasuredValues { kDraw, kMedian };

const char* unmeasured_values_name(UnmeasuredValues values);
// "draw" or "median"; throws core::InputError naming `option` otherwise.
UnmeasuredValues parse_unmeasured_values(const std::string& name, const std::string& option);

struct CompletionOptions {
  // "log-gp": a GP on log-metrics over log knob values (matern_gp.h);
  // "model-gp": the board's performance model calibrated to the readings,
  // and a GP on what it misses (physics_prior.h).
  std::string method = "log-gp";
  // model-gp: the device profile to calibrate (empty: the surface's device).
  std::string device_profile;
  // Picks the readings the hyperparameters are fitted to when there are
  // many, and keys the drawn deviations.
  std::uint64_t seed = 1;
  UnmeasuredValues values = UnmeasuredValues::kMedian;
  // A recording whose model predicts held-out points no better than this
  // share of their variance (LOO R^2 of either log-metric) carries no signal
  // a replay could trust: refused unless allow_weak.
  double min_held_out_r2 = 0.2;
  bool allow_weak = false;
};

// The methods complete_surface knows (traces::kCompletionMethods).
const std::vector<std::string>& completion_methods();

struct MetricModel {
  std::string metric;  // "throughput" or "power"
  GpHyperparameters hyperparameters;
  GpHeldOut held_out;
  GpCalibration calibration;
  double noise_sd = 0.0;  // of a reading, in log units: a relative spread
};

struct CompletionReport {
  std::vector<MetricModel> models;
  std::size_t measured = 0;            // measured points
  std::size_t measured_failures = 0;   // of them, could not run
  std::size_t predicted_failures = 0;  // unmeasured points predicted not to run
  // Weak-signal warnings (held-out R^2 below 0.8), one line each.
  std::vector<std::string> warnings;
};

// Completes `sampled`. Throws core::InputError when it has no /measured
// (a full surface: nothing to complete), too few readings, an unknown
// method, or (unless allow_weak) a recording whose held-out R^2 is below
// min_held_out_r2, naming the metric and the figure.
traces::Surface complete_surface(const traces::Surface& sampled, const CompletionOptions& options,
                                 CompletionReport* report = nullptr);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_COMPLETION_SURFACE_COMPLETION_H_
