// edgetune report DIR [--out REPORT_DIR] [--surface NAME] [--scenario NAME]
//                     [--label NAME=LABEL]... [--no-plots] [--json]
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "core/errors.h"
#include "experiments/cli/command_line.h"
#include "experiments/cli/json_output.h"
#include "experiments/compare/compare_tables.h"
#include "experiments/compare/comparison.h"
#include "experiments/report/compare_plots.h"
#include "experiments/report/drift_summary.h"
#include "experiments/report/report_page.h"
#include "experiments/report/report_plots.h"
#include "experiments/sweep/sweep_consistency.h"
#include "experiments/sweep/sweep_plan.h"
#include "experiments/sweep/sweep_store.h"
#include "experiments/tables/table_writer.h"
#include "experiments/tables/text_file.h"
#include "traces/surface_file.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace experiments {
namespace {

// Writes a temporary beside `path` and renames it into place.

// The path of the surface called `name` (file stem) in the sweep; the first
// surface when `name` is empty.
std::string surface_path(const nlohmann::json& record, const std::string& name) {
  const std::vector<std::string> paths = record.value("surface_paths", std::vector<std::string>{});
  std::string known;
  for (const std::string& path : paths) {
    const std::string stem = fs::path(path).stem().string();
    if (name.empty() || stem == name) return path;
    known += (known.empty() ? "" : ", ") + stem;
  }
  throw core::InputError("--surface '" + name + "' is not in this sweep; its surfaces: " + known);
}

// The scenario to draw: `name`, else the first dual one, else the first.
// A drift scenario has none: its recommendations are scored on another
// surface than the one drawn. Empty when there is nothing to draw.
std::string pick_scenario(const CsvTable& runs, const std::string& surface,
                          const std::string& name) {
  const std::size_t s = runs.column("surface"), c = runs.column("scenario"),
                    g = runs.column("goal"), drift = runs.column("drift_at_trial");
  std::string first, first_dual;
  for (const auto& row : runs.rows) {
    if (row[s] != surface) continue;
    if (!name.empty() && row[c] == name) {
      if (!row[drift].empty()) {
        throw core::InputError("--scenario '" + name +
                               "' drifts mid-run: its runs are scored after the drift, on "
                               "another surface than the one drawn; pick a stable scenario");
      }
      return name;
    }
    if (!row[drift].empty()) continue;
    if (first.empty()) first = row[c];
    if (first_dual.empty() && row[g] == "dual") first_dual = row[c];
  }
  if (!name.empty()) throw core::InputError("--scenario '" + name + "' has no runs on " + surface);
  return first_dual.empty() ? first : first_dual;
}

ScatterPlot scatter_for(const CsvTable& runs, const traces::Surface& surface,
                        const std::string& scenario) {
  const std::string name = surface_name(surface);
  ScatterPlot plot;
  plot.name = "scatter_" + name + "_" + scenario;
  plot.surface = &surface;
  const std::size_t s = runs.column("surface"), c = runs.column("scenario"),
                    o = runs.column("optimizer"), fps = runs.column("throughput_fps"),
                    w = runs.column("power_w"), budget = runs.column("power_budget_w"),
                    target = runs.column("throughput_target_fps"),
                    oracle_fps = runs.column("oracle_throughput_fps"),
                    oracle_w = runs.column("oracle_power_w"), goal = runs.column("goal");
  for (std::size_t r = 0; r < runs.rows.size(); ++r) {
    const auto& row = runs.rows[r];
    if (row[s] != name || row[c] != scenario) continue;
    plot.title = name + ", " + scenario + " (" + row[goal] + ")";
    if (!row[budget].empty()) plot.power_budget_w = runs.number(r, budget);
    if (!row[target].empty()) plot.throughput_target_fps = runs.number(r, target);
    if (!row[oracle_fps].empty())
      plot.oracle = {{runs.number(r, oracle_w), runs.number(r, oracle_fps)}};
    auto it = std::find_if(plot.recommendations.begin(), plot.recommendations.end(),
                           [&](const auto& p) { return p.first == row[o]; });
    if (it == plot.recommendations.end()) {
      plot.recommendations.push_back({row[o], {}});
      it = plot.recommendations.end() - 1;
    }
    if (!row[fps].empty()) it->second.emplace_back(runs.number(r, w), runs.number(r, fps));
  }
  return plot;
}

// trials.csv split by the goal kind of each row's run, kinds in first-seen
// order of runs.csv.
std::vector<std::pair<std::string, CsvTable>> trials_by_goal(const CsvTable& runs,
                                                             const CsvTable& trials) {
  std::map<std::string, std::string> goal_of;  // run id -> goal kind
  std::vector<std::pair<std::string, CsvTable>> out;
  const std::size_t id = runs.column("run_id"), goal = runs.column("goal");
  for (const auto& row : runs.rows) {
    goal_of[row[id]] = row[goal];
    if (std::none_of(out.begin(), out.end(), [&](const auto& p) { return p.first == row[goal]; })) {
      out.push_back({row[goal], CsvTable{trials.header, {}, trials.path}});
    }
  }
  const std::size_t trial_run = trials.column("run_id");
  for (const auto& row : trials.rows) {
    const std::string& kind = goal_of[row[trial_run]];
    for (auto& [name, table] : out) {
      if (name == kind) table.rows.push_back(row);
    }
  }
  return out;
}

// The trial every run of goal kind `goal` drifts at, when they share one.
std::optional<int> shared_drift(const CsvTable& runs, const std::string& goal) {
  const std::size_t kind = runs.column("goal"), at = runs.column("drift_at_trial");
  std::optional<std::string> shared;
  for (const auto& row : runs.rows) {
    if (row[kind] != goal) continue;
    if (shared && *shared != row[at]) return std::nullopt;
    shared = row[at];
  }
  if (!shared || shared->empty()) return std::nullopt;
  return std::stoi(*shared);
}

// The longest run in trials.csv (full-grid runs have no trial rows).
std::size_t max_trial_count(const CsvTable& trials) {
  std::size_t most = 0;
  const std::size_t t = trials.column("trial");
  for (std::size_t r = 0; r < trials.rows.size(); ++r) {
    most = std::max(most, static_cast<std::size_t>(trials.number(r, t)) + 1);
  }
  return most;
}

// --label NAME=LABEL values as a map; refuses a value without '='.
std::map<std::string, std::string> parse_labels(const std::vector<std::string>& values) {
  std::map<std::string, std::string> labels;
  for (const std::string& value : values) {
    const std::size_t eq = value.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == value.size()) {
      throw core::InputError("--label '" + value + "': write it as NAME=LABEL, e.g. " +
                             "py:my.py:Tuner=mine");
    }
    labels[value.substr(0, eq)] = value.substr(eq + 1);
  }
  return labels;
}

// The within-sweep comparison the page shows, or why there is none.
std::optional<Comparison> page_comparison(const std::string& dir, std::string& why_not) {
  try {
    return compare_sweeps({dir}, CompareOptions{});
  } catch (const core::InputError& e) {
    why_not = e.what();
    return std::nullopt;
  }
}

}  // namespace

int cmd_report(const Args& args, const OptimizerFactory& /*optimizers*/) {
  po::options_description options("report options");
  options.add_options()("dir", po::value<std::string>()->required(),
                        "sweep directory (edgetune sweep --out)")(
      "out,o", po::value<std::string>(), "where to write the report (default: DIR/report)")(
      "surface", po::value<std::string>()->default_value(""),
      "surface (file stem) of the scatter plot (default: the sweep's first)")(
      "scenario", po::value<std::string>()->default_value(""),
      "scenario of the scatter plot (default: the first dual one)")(
      "label", po::value<std::vector<std::string>>()->composing(),
      "NAME=LABEL: how the page and plots name a method (default: a py: method's class)")(
      "no-plots", po::bool_switch(), "tables only")("json", po::bool_switch(),
                                                    "print the summary as one JSON object");
  po::positional_options_description positional;
  positional.add("dir", 1);
  const auto vm = parse_command_line(
      args,
      "edgetune report DIR [--out REPORT_DIR] [--surface NAME] [--scenario NAME] "
      "[--label NAME=LABEL]\n\n"
      "Summary per optimizer x goal kind with 95% bootstrap intervals (summary.md, summary.csv), "
      "what exploring cost (exploration.*), every method against coral paired by cell "
      "(paired.*, ranking.*), for drift scenarios how each optimizer recovers (drift.*), "
      "gnuplot figures (convergence with 95% bands, power-throughput scatter, critical "
      "difference, performance profiles; PNG and SVG) and index.html, one self-contained page "
      "of it all.",
      options, positional);
  if (!vm) return 0;
  const std::string dir = (*vm)["dir"].as<std::string>();
  const std::string out = vm->count("out") ? (*vm)["out"].as<std::string>() : dir + "/report";
  const std::map<std::string, std::string> labels =
      parse_labels(vm->count("label") ? (*vm)["label"].as<std::vector<std::string>>()
                                      : std::vector<std::string>{});
  check_sweep_whole(dir);
  const CsvTable runs = read_csv_table(dir + "/runs.csv");
  const CsvTable trials = read_csv_table(dir + "/trials.csv");
  std::error_code error;
  fs::create_directories(out, error);
  if (error)
    throw core::InputError(out + ": cannot create the report directory (" + error.message() + ")");

  // The tables the report writes, each in every file format.
  std::vector<std::pair<std::string, ReportTable>> tables = {
      {"summary", summary_table(summarize_runs(runs, &trials))}};
  const std::vector<DriftRow> drift = summarize_drift(runs, trials);
  if (!drift.empty()) tables.emplace_back("drift", drift_table(drift));
  std::string no_comparison;
  const std::optional<Comparison> comparison = page_comparison(dir, no_comparison);
  if (comparison) {
    for (const auto& table : comparison->tables()) tables.push_back(table);
  } else {
    try {
      tables.emplace_back("exploration",
                          exploration_table(summarize_exploration(load_sweep_runs(dir, dir))));
    } catch (const core::InputError& e) {
      no_comparison += std::string("; no exploration table either: ") + e.what();
    }
  }
  std::vector<std::string> files = write_report_tables(out, tables);

  // Figures as the page shows them: (SVG path, caption).
  std::vector<std::pair<std::string, std::string>> figures;
  const auto add_images = [&](const std::vector<std::string>& images, const std::string& caption) {
    for (const std::string& f : images) {
      files.push_back(f);
      if (f.size() > 4 && f.compare(f.size() - 4, 4, ".svg") == 0) figures.emplace_back(f, caption);
    }
  };
  if (!(*vm)["no-plots"].as<bool>()) {
    if (!gnuplot_available()) {
      std::cerr << "edgetune report: " << gnuplot_install_hint() << "\n";
    } else {
      for (const auto& [goal, goal_trials] : trials_by_goal(runs, trials)) {
        std::vector<ConvergenceCurve> curves =
            convergence(goal_trials, max_trial_count(goal_trials));
        for (ConvergenceCurve& c : curves) c.optimizer = display_name(c.optimizer, labels);
        add_images(plot_convergence(out, goal, curves, shared_drift(runs, goal)),
                   "Convergence on " + goal +
                       " goals: mean best-so-far score with its 95% bootstrap band");
      }
      const nlohmann::json record = read_sweep_record(dir);
      const traces::Surface surface =
          traces::load_surface(surface_path(record, (*vm)["surface"].as<std::string>()));
      const std::string scenario =
          pick_scenario(runs, surface_name(surface), (*vm)["scenario"].as<std::string>());
      if (!scenario.empty()) {
        ScatterPlot scatter = scatter_for(runs, surface, scenario);
        for (auto& [name, points] : scatter.recommendations) name = display_name(name, labels);
        add_images(plot_scatter(out, scatter),
                   "Every configuration of " + surface_name(surface) +
                       " (power against throughput), its Pareto front and each method's "
                       "recommendations in " +
                       scenario);
      }
      if (comparison && comparison->ranking) {
        MethodRanking ranking = *comparison->ranking;
        for (std::string& m : ranking.methods) m = display_name(m, labels);
        add_images(plot_critical_difference(out, ranking),
                   "Critical-difference diagram: mean ranks over cells; bars join methods "
                   "Nemenyi's test does not tell apart");
        add_images(plot_performance_profiles(out, ranking),
                   "Performance profiles: the share of cells where a method is within a factor "
                   "tau of the best");
      }
    }
  }

  ReportPage page("edgetune report: " + dir);
  page.add_paragraph(
      "Scores are shares of the oracle on the noise-free surface (0: infeasible or none). "
      "Intervals are 95% percentile bootstrap intervals over runs (2,000 resamples, seeded); "
      "paired comparisons pair runs by cell (surface, scenario, seed index), which read common "
      "random numbers.");
  for (const auto& [name, table] : tables) {
    page.add_heading(name);
    page.add_table(with_display_names(table, labels));
  }
  if (!comparison) page.add_paragraph("No paired comparison: " + no_comparison);
  for (const auto& [svg, caption] : figures) page.add_figure(svg, caption);
  files.push_back(out + "/index.html");
  write_text_atomically(files.back(), page.html());

  if ((*vm)["json"].as<bool>()) {
    nlohmann::json j = {{"files", files}};
    for (const auto& [name, table] : tables) j[name] = table_json(table);
    print_json(j);
  } else {
    const MarkdownTableWriter markdown;
    std::cout << markdown.write(tables.front().second);
    if (!drift.empty()) std::cout << "\nAfter the drift:\n\n" << markdown.write(tables[1].second);
    std::cout << "\nwritten:";
    for (const std::string& f : files) std::cout << " " << f;
    std::cout << "\n";
  }
  return 0;
}

}  // namespace experiments
