// edgetune compare DIR [--against NAME] | BASE NEW [--tolerance T] [--alpha A]
//                  [--seed S] [--out DIR] [--no-plots] [--json]
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "core/errors.h"
#include "experiments/cli/command_line.h"
#include "experiments/cli/commands.h"
#include "experiments/cli/json_output.h"
#include "experiments/compare/comparison.h"
#include "experiments/report/compare_plots.h"
#include "experiments/report/gnuplot.h"
#include "experiments/sweep/sweep_consistency.h"
#include "experiments/tables/table_writer.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace experiments {
namespace {}  // namespace

int cmd_compare(const Args& args, const OptimizerFactory& /*optimizers*/) {
  po::options_description options("compare options");
  options.add_options()("sweeps", po::value<std::vector<std::string>>()->required(),
                        "DIR, or BASE NEW (sweep directories or runs.csv files)")(
      "against", po::value<std::string>(),
      "one sweep: the method every other is compared with (default: coral if present, else the "
      "sweep's first)")("tolerance",
                        po::value<double>()->default_value(CompareOptions{}.tolerance, "0.01"),
                        "gate: a mean paired score loss (share of the oracle) smaller than this "
                        "is not a regression")(
      "alpha", po::value<double>()->default_value(CompareOptions{}.alpha, "0.05"),
      "significance level, after Holm's correction")(
      "seed", po::value<Seed>()->default_value(Seed{0}), "seed of the bootstrap intervals")(
      "out,o", po::value<std::string>(),
      "where to write tables and plots (default: DIR/compare for one sweep; none for two)")(
      "no-plots", po::bool_switch(), "tables only")("json", po::bool_switch(),
                                                    "print the comparison as one JSON object");
  po::positional_options_description positional;
  positional.add("sweeps", 2);
  const auto vm = parse_command_line(
      args,
      "edgetune compare DIR [--against NAME] | BASE NEW [--tolerance T] [--alpha A] [--out DIR] "
      "[--json]\n\n"
      "Paired verdicts, runs paired by cell (surface, scenario, seed index). With one sweep: "
      "every method against one (median and mean paired difference of scores with 95% bootstrap "
      "CIs; "
      "wins, ties, losses; Wilcoxon signed-rank and McNemar p-values, Holm-corrected), the "
      "Friedman test with a critical-difference diagram and performance profiles for three or "
      "more methods, and what exploring cost. With two: each method of NEW against itself in "
      "BASE, as a CI gate: the first line is the verdict; exit 1 when NEW is significantly "
      "worse on some goal kind beyond --tolerance or more often infeasible, 0 otherwise, 2 on "
      "bad input.",
      options, positional);
  if (!vm) return 0;
  const auto& paths = (*vm)["sweeps"].as<std::vector<std::string>>();
  CompareOptions settings;
  if (vm->count("against")) settings.against = (*vm)["against"].as<std::string>();
  settings.tolerance = (*vm)["tolerance"].as<double>();
  settings.alpha = (*vm)["alpha"].as<double>();
  settings.seed = (*vm)["seed"].as<Seed>().value;
  for (const std::string& path : paths) check_sweep_input(path);
  const Comparison comparison = compare_sweeps(paths, settings);
  const std::vector<std::pair<std::string, ReportTable>> tables = comparison.tables();
  const bool across = paths.size() == 2;

  std::string out;
  if (vm->count("out")) {
    out = (*vm)["out"].as<std::string>();
  } else if (!across && fs::is_directory(paths[0])) {
    out = paths[0] + "/compare";
  }
  std::vector<std::string> files;
  if (!out.empty()) {
    std::error_code error;
    fs::create_directories(out, error);
    if (error) throw core::InputError(out + ": cannot create it (" + error.message() + ")");
    files = write_report_tables(out, tables);
    if (comparison.ranking && !(*vm)["no-plots"].as<bool>()) {
      if (!gnuplot_available()) {
        std::cerr << "edgetune compare: " << gnuplot_install_hint() << "\n";
      } else {
        for (const std::string& f : plot_critical_difference(out, *comparison.ranking))
          files.push_back(f);
        for (const std::string& f : plot_performance_profiles(out, *comparison.ranking))
          files.push_back(f);
      }
    }
  }

  if ((*vm)["json"].as<bool>()) {
    nlohmann::json j = comparison.json(settings);
    j["files"] = files;
    print_json(j);
  } else {
    const MarkdownTableWriter markdown;
    if (comparison.verdict) {
      std::cout << comparison.verdict->reason << "\n\n";
    } else {
      std::cout << "compare: " << comparison.sweeps.front().optimizers.size() - 1
                << " methods against " << comparison.against << " in " << paths[0]
                << ", paired by cell\n\n";
    }
    std::cout << markdown.write(tables.front().second);
    if (const auto& ranking = comparison.ranking) {
      std::cout << fmt::format(
                       "\nFriedman over {} cells: chi2 = {:.2f}, p = {:.2g}; Nemenyi CD = {:.3f} "
                       "(alpha {})\n\n",
                       ranking->friedman.blocks, ranking->friedman.statistic,
                       ranking->friedman.p_value, ranking->friedman.critical_difference,
                       settings.alpha)
                << markdown.write(tables[1].second);
    }
    std::cout << "\nWhat exploring cost (means per run; trials to ...: medians):\n\n"
              << markdown.write(tables.back().second);
    if (!files.empty()) {
      std::cout << "\nwritten:";
      for (const std::string& f : files) std::cout << " " << f;
      std::cout << "\n";
    }
  }
  return comparison.verdict && comparison.verdict->regression ? 1 : 0;
}

}  // namespace experiments
