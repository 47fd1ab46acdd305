#include "experiments/report/compare_plots.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "experiments/report/gnuplot.h"
#include "experiments/stats/performance_profile.h"
#include "experiments/tables/csv.h"
#include "experiments/tables/text_file.h"

namespace experiments {
namespace {

// gnuplot's CSV reading knows no quotes: a method's name as a column
// heading, its commas and quotes made spaces.
std::string column_heading(std::string name) {
  for (char& c : name) {
    if (c == ',' || c == '"') c = ' ';
  }
  return name;
}

}  // namespace

std::vector<std::string> plot_critical_difference(const std::string& dir,
                                                  const MethodRanking& ranking) {
  const std::vector<double>& rank = ranking.friedman.mean_ranks;
  const std::size_t k = ranking.methods.size();
  std::vector<std::size_t> order(k);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return rank[a] < rank[b]; });
  // The rank axis on top at y = 0; methods hang below it, the better half
  // labelled on the left, the rest on the right (as Demšar draws it).
  std::string body = fmt::format(
      "set title {}\nunset key\nunset ytics\nunset border\nset xtics nomirror\n"
      "set x2tics\nunset xtics\nset x2range [1:{}]\nset xrange [1:{}]\nset yrange [-{}:1.2]\n"
      "set lmargin 26\nset rmargin 26\n",
      gp_string(fmt::format("Mean rank over {} cells (1 = best); Friedman p = {:.2g}, "
                            "Nemenyi CD = {:.3f} at alpha {}",
                            ranking.friedman.blocks, ranking.friedman.p_value,
                            ranking.friedman.critical_difference, ranking.alpha)),
      k, k, 1.0 + 0.5 * static_cast<double>((k + 1) / 2));
  body += "set arrow from 1,0 to " + std::to_string(k) + ",0 nohead lw 2\n";
  for (std::size_t i = 0; i < k; ++i) {
    const std::size_t m = order[i];
    const bool left = i < (k + 1) / 2;
    const double depth = 0.6 + static_cast<double>(left ? i : k - 1 - i) * 0.5;
    const double edge = left ? 1.0 : static_cast<double>(k);
    body += fmt::format("set arrow from {0},0 to {0},-{1} nohead lw 1\n", rank[m], depth);
    body +=
        fmt::format("set arrow from {},-{} to {},-{} nohead lw 1\n", rank[m], depth, edge, depth);
    body += fmt::format("set label {} at {},-{} {} offset {},0\n",
                        gp_string(fmt::format("{} ({:.2f})", ranking.methods[m], rank[m])), edge,
                        depth, left ? "right" : "left", left ? -0.5 : 0.5);
  }
  // Groups not significantly different: thick bars just under the axis.
  for (std::size_t g = 0; g < ranking.groups.size(); ++g) {
    const auto& group = ranking.groups[g];
    body += fmt::format("set arrow from {},-{} to {},-{} nohead lw 5 lc rgb '#d62728'\n",
                        rank[group.front()] - 0.03, 0.15 + 0.12 * static_cast<double>(g),
                        rank[group.back()] + 0.03, 0.15 + 0.12 * static_cast<double>(g));
  }
  body += fmt::format(
      "set arrow from 1,0.8 to {},0.8 nohead lw 3\nset label 'CD' at {},1.0 center\n",
      1.0 + ranking.friedman.critical_difference, 1.0 + ranking.friedman.critical_difference / 2);
  body += "plot NaN\n";
  return render(dir, "critical_difference", body);
}

std::vector<std::string> plot_performance_profiles(const std::string& dir,
                                                   const MethodRanking& ranking) {
  std::vector<double> taus;
  for (int i = 0; i <= 200; ++i) taus.push_back(1.0 + 0.005 * i);
  const std::vector<std::vector<double>> profiles = performance_profiles(ranking.cells, taus);
  std::string csv = "tau";
  for (const std::string& m : ranking.methods) csv += "," + column_heading(m);
  csv += "\n";
  for (std::size_t t = 0; t < taus.size(); ++t) {
    csv += csv_number(taus[t]);
    for (const auto& profile : profiles) csv += "," + csv_number(profile[t]);
    csv += "\n";
  }
  write_text_atomically(dir + "/performance_profiles.csv", csv);
  const std::string body = fmt::format(
      "set datafile separator ','\n"
      "set title 'Performance profiles (Dolan-More): share of cells within a factor tau of the "
      "best score'\n"
      "set xlabel 'tau'\nset ylabel 'share of cells'\nset yrange [0:1.02]\nset grid\n"
      "set key bottom right\n"
      "plot for [i=2:{}] 'performance_profiles.csv' using 1:i with steps lw 2 "
      "title columnheader(i)\n",
      ranking.methods.size() + 1);
  return render(dir, "performance_profiles", body);
}

}  // namespace experiments
