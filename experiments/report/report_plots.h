// The report's figures, rendered with gnuplot (PNG and SVG): the data and
// the .gp script are kept beside the images so a figure can be restyled.
#ifndef EDGETUNE_EXPERIMENTS_REPORT_REPORT_PLOTS_H_
#define EDGETUNE_EXPERIMENTS_REPORT_REPORT_PLOTS_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "experiments/report/gnuplot.h"
#include "experiments/report/sweep_summary.h"
#include "traces/surface.h"

namespace experiments {

// convergence_<goal>.{csv,gp,png,svg} in `dir`: mean best-so-far score vs
// trials for the runs of one goal kind, with a dashed line before trial
// drift_at_trial + 1 when those runs share a drift (scored on the
// post-drift surface throughout). Returns the image paths. Throws
// core::InputError when gnuplot fails.
std::vector<std::string> plot_convergence(const std::string& dir, const std::string& goal,
                                          const std::vector<ConvergenceCurve>& curves,
                                          std::optional<int> drift_at_trial = std::nullopt);

struct ScatterPlot {
  std::string name;  // file stem, e.g. "scatter_agx-orin_yolov8s_dual-50"
  std::string title;
  const traces::Surface* surface = nullptr;
  std::optional<double> power_budget_w;
  std::optional<double> throughput_target_fps;
  std::optional<std::pair<double, double>> oracle;  // (W, fps)
  // Per optimizer, its runs' recommendations (W, fps), noise-free.
  std::vector<std::pair<std::string, std::vector<std::pair<double, double>>>> recommendations;
};

// <name>.{dat,gp,png,svg}: every available configuration of the surface
// (power vs throughput), its Pareto front, the constraints, the oracle and
// each optimizer's recommendations. Returns the image paths.
std::vector<std::string> plot_scatter(const std::string& dir, const ScatterPlot& plot);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_REPORT_REPORT_PLOTS_H_
