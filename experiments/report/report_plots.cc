#include "experiments/report/report_plots.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "core/errors.h"
#include "experiments/report/gnuplot.h"
#include "experiments/tables/csv.h"
#include "experiments/tables/text_file.h"

namespace experiments {
namespace {

// Configurations no other beats on both metrics (more fps for no more W).
std::vector<std::pair<double, double>> pareto_front(std::vector<std::pair<double, double>> points) {
  std::sort(points.begin(), points.end(), [](const auto& a, const auto& b) {
    return a.first < b.first || (a.first == b.first && a.second > b.second);
  });
  std::vector<std::pair<double, double>> front;
  for (const auto& p : points) {
    if (front.empty() || p.second > front.back().second) front.push_back(p);
  }
  return front;
}

}  // namespace

std::vector<std::string> plot_convergence(const std::string& dir, const std::string& goal,
                                          const std::vector<ConvergenceCurve>& curves,
                                          std::optional<int> drift_at_trial) {
  if (curves.empty()) return {};  // full-grid runs only: nothing converges
  const std::string name = "convergence_" + goal;
  // Per optimizer three columns: the mean and its band's bounds.
  std::string csv = "trial";
  // gnuplot's CSV reading knows no quotes: names with commas or quotes
  // lose them in the headings.
  for (const ConvergenceCurve& c : curves) {
    std::string name = c.optimizer;
    for (char& ch : name) {
      if (ch == ',' || ch == '"') ch = ' ';
    }
    csv += "," + name + "," + name + " 95% low," + name + " 95% high";
  }
  csv += "\n";
  const std::size_t length = curves.front().mean_best_score.size();
  for (std::size_t t = 0; t < length; ++t) {
    csv += std::to_string(t + 1);
    for (const ConvergenceCurve& c : curves) {
      csv += "," + csv_number(c.mean_best_score[t]) + "," + csv_number(c.band[t].low) + "," +
             csv_number(c.band[t].high);
    }
    csv += "\n";
  }
  write_text_atomically(dir + "/" + name + ".csv", csv);
  // The drift happens between trial drift_at_trial and the next (1-based).
  const std::string drift_line =
      drift_at_trial ? fmt::format(
                           "set arrow from {0}.5, graph 0 to {0}.5, graph 1 nohead dt 2 lw 2 "
                           "lc rgb 'red'\nset label 'drift' at {0}.5, graph 0.97 right offset "
                           "-0.5,0 textcolor rgb 'red'\n",
                           *drift_at_trial)
                     : std::string();
  const std::string body = fmt::format(
      "set datafile separator ','\n"
      "set title 'Convergence, {} goals: best configuration feasible as measured so far'\n"
      "set xlabel 'trials'\nset ylabel 'mean score vs oracle (noise-free), 95% band'\n"
      "set yrange [0:1.05]\nset grid\nset key bottom right\n{}"
      "plot for [i=0:{}] '{}.csv' using 1:3*i+3:3*i+4 with filledcurves "
      "fs transparent solid 0.15 noborder lc i+1 notitle, \\\n"
      "  for [i=0:{}] '{}.csv' using 1:3*i+2 with linespoints lw 2 ps 0.6 lc i+1 "
      "title columnheader(3*i+2)\n",
      goal, drift_line, curves.size() - 1, name, curves.size() - 1, name);
  return render(dir, name, body);
}

std::vector<std::string> plot_scatter(const std::string& dir, const ScatterPlot& plot) {
  const traces::Surface& surface = *plot.surface;
  std::vector<std::pair<double, double>> points;
  for (std::size_t i = 0; i < surface.space.size(); ++i) {
    if (surface.available(i))
      points.emplace_back(surface.power_w()[i], surface.throughput_fps()[i]);
  }
  // One block per non-empty series (gnuplot merges empty blocks, which
  // would shift every later `index`), separated by two blank lines.
  struct Series {
    std::vector<std::pair<double, double>> points;
    std::string style;
  };
  std::vector<Series> series = {
      {points, "with points pt 7 ps 0.15 lc rgb '#c0c0c0' title 'configurations'"},
      {pareto_front(points), "with lines lw 2 lc rgb 'black' title 'Pareto front'"}};
  if (plot.oracle) {
    series.push_back({{*plot.oracle}, "with points pt 3 ps 3 lw 2 lc rgb 'red' title 'oracle'"});
  }
  for (std::size_t i = 0; i < plot.recommendations.size(); ++i) {
    series.push_back({plot.recommendations[i].second,
                      fmt::format("with points pt {} ps 1.4 title {}", 4 + 2 * static_cast<int>(i),
                                  gp_string(plot.recommendations[i].first))});
  }
  std::string data;
  std::string plots;
  const std::string file = gp_string(plot.name + ".dat");
  int index = 0;
  for (const Series& s : series) {
    if (s.points.empty()) continue;  // an optimizer that recommended nothing
    for (const auto& [w, fps] : s.points) data += fmt::format("{} {}\n", w, fps);
    data += "\n\n";
    plots += fmt::format("{}{} index {} {}", index ? ", \\\n  " : "plot ", file, index, s.style);
    ++index;
  }
  write_text_atomically(dir + "/" + plot.name + ".dat", data);

  std::string body = "set title " + gp_string(plot.title) +
                     "\nset xlabel 'board power (W)'\nset ylabel 'throughput (fps)'\n"
                     "set grid\nset key outside right\n";
  if (plot.power_budget_w) {
    body += fmt::format("set arrow from {0}, graph 0 to {0}, graph 1 nohead dt 2 lc rgb 'red'\n",
                        *plot.power_budget_w);
  }
  if (plot.throughput_target_fps) {
    body += fmt::format(
        "set arrow from graph 0, first {0} to graph 1, first {0} nohead dt 2 lc rgb 'blue'\n",
        *plot.throughput_target_fps);
  }
  body += plots;
  body += "\n";
  return render(dir, plot.name, body);
}

}  // namespace experiments
