// edgetune compare DIR [--against NAME] | BASE NEW [--tolerance T] [--alpha A]
//                  [--seed S] [--out DIR] [--no-plots] [--json]
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "core/errors.h"
#include "experiments/cli/command_line.h"
#include "experiments/cli/commands.h"
#include "experiments/cli/json_output.h"
#include "experiments/compare/compare_tables.h"
#include "experiments/report/compare_plots.h"
#include "experiments/report/gnuplot.h"
#include "experiments/tables/table_writer.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace experiments {
namespace {

constexpr double kDefaultTolerance = 0.01;
constexpr double kDefaultAlpha = 0.05;

void write_text(const std::string& path, const std::string& text) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) throw core::InputError(path + ": cannot write; check the directory");
  }
  fs::rename(temporary, path);
}

// The method the others face within one sweep: --against, else coral when
// the sweep has it, else its first.
std::string against_of(const SweepRuns& sweep, const po::variables_map& vm) {
  if (vm.count("against")) return vm["against"].as<std::string>();
  const auto& methods = sweep.optimizers;
  return std::find(methods.begin(), methods.end(), "coral") != methods.end() ? "coral"
                                                                             : methods.front();
}

nlohmann::json ranking_json(const MethodRanking& ranking) {
  nlohmann::json groups = nlohmann::json::array();
  for (const auto& group : ranking.groups) {
    nlohmann::json names = nlohmann::json::array();
    for (std::size_t m : group) names.push_back(ranking.methods[m]);
    groups.push_back(names);
  }
  return {{"friedman_statistic", ranking.friedman.statistic},
          {"friedman_p", ranking.friedman.p_value},
          {"cells", ranking.friedman.blocks},
          {"critical_difference", ranking.friedman.critical_difference},
          {"alpha", ranking.alpha},
          {"groups", groups}};
}

}  // namespace

int cmd_compare(const Args& args, const OptimizerFactory& /*optimizers*/) {
  po::options_description options("compare options");
  options.add_options()("sweeps", po::value<std::vector<std::string>>()->required(),
                        "DIR, or BASE NEW (sweep directories or runs.csv files)")(
      "against", po::value<std::string>(),
      "one sweep: the method every other is compared with (default: coral if present, else the "
      "sweep's first)")("tolerance", po::value<double>()->default_value(kDefaultTolerance),
                        "gate: a median score loss (share of the oracle) smaller than this is "
                        "not a regression")("alpha",
                                            po::value<double>()->default_value(kDefaultAlpha),
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
      "every method against one (median paired difference of scores with a 95% bootstrap CI; "
      "wins, ties, losses; Wilcoxon signed-rank and McNemar p-values, Holm-corrected), the "
      "Friedman test with a critical-difference diagram and performance profiles for three or "
      "more methods, and what exploring cost. With two: each method of NEW against itself in "
      "BASE, as a CI gate: the first line is the verdict; exit 1 when NEW is significantly "
      "worse on some goal kind beyond --tolerance or more often infeasible, 0 otherwise, 2 on "
      "bad input.",
      options, positional);
  if (!vm) return 0;
  const auto& paths = (*vm)["sweeps"].as<std::vector<std::string>>();
  const double tolerance = (*vm)["tolerance"].as<double>(), alpha = (*vm)["alpha"].as<double>();
  if (!(tolerance >= 0)) throw core::InputError("--tolerance must be a number >= 0");
  if (!(alpha > 0 && alpha < 1))
    throw core::InputError("--alpha must lie strictly between 0 and 1");
  const std::uint64_t seed = (*vm)["seed"].as<Seed>().value;
  const bool across = paths.size() == 2;

  const SweepRuns first = load_sweep_runs(paths[0], across ? "BASE" : paths[0]);
  std::optional<SweepRuns> second;
  if (across) second = load_sweep_runs(paths[1], "NEW");
  const std::vector<PairedRow> rows = compare_pairs(
      across ? pairs_across(first, *second) : pairs_against(first, against_of(first, *vm)), seed);
  std::optional<GateVerdict> verdict;
  if (across) verdict = gate(rows, tolerance, alpha);
  std::optional<MethodRanking> ranking;
  if (!across && first.optimizers.size() >= 3)
    ranking = rank_methods(first, alpha, profile_table_taus());
  std::vector<ExplorationRow> exploration = summarize_exploration(first);
  if (second) {
    const std::vector<ExplorationRow> more = summarize_exploration(*second);
    exploration.insert(exploration.end(), more.begin(), more.end());
  }

  std::vector<std::pair<std::string, ReportTable>> tables = {{"paired", paired_table(rows)}};
  if (ranking) tables.emplace_back("ranking", ranking_table(*ranking));
  tables.emplace_back("exploration", exploration_table(exploration));

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
    for (const auto& [name, table] : tables) {
      for (const auto& writer : report_file_writers()) {
        files.push_back(out + "/" + name + "." + writer->extension());
        write_text(files.back(), writer->write(table));
      }
    }
    if (ranking && !(*vm)["no-plots"].as<bool>()) {
      if (!gnuplot_available()) {
        std::cerr << "edgetune compare: " << gnuplot_install_hint() << "\n";
      } else {
        for (const std::string& f : plot_critical_difference(out, *ranking)) files.push_back(f);
        const MethodRanking fine = rank_methods(first, alpha, profile_plot_taus());
        for (const std::string& f : plot_performance_profiles(out, fine)) files.push_back(f);
      }
    }
  }

  if ((*vm)["json"].as<bool>()) {
    nlohmann::json j = {{"files", files}, {"tolerance", tolerance}, {"alpha", alpha}};
    if (verdict) j["verdict"] = {{"regression", verdict->regression}, {"reason", verdict->reason}};
    if (ranking) j["friedman"] = ranking_json(*ranking);
    for (const auto& [name, table] : tables) j[name] = table_json(table);
    print_json(j);
  } else {
    const MarkdownTableWriter markdown;
    if (verdict) {
      std::cout << verdict->reason << "\n\n";
    } else {
      std::cout << "compare: " << first.optimizers.size() - 1 << " methods against "
                << against_of(first, *vm) << " in " << paths[0] << ", paired by cell\n\n";
    }
    std::cout << markdown.write(tables.front().second);
    if (ranking) {
      std::cout
          << fmt::format(
                 "\nFriedman over {} cells: chi2 = {:.2f}, p = {:.2g}; Nemenyi CD = {:.3f} (alpha "
                 "{})\n\n",
                 ranking->friedman.blocks, ranking->friedman.statistic, ranking->friedman.p_value,
                 ranking->friedman.critical_difference, alpha)
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
  return verdict && verdict->regression ? 1 : 0;
}

}  // namespace experiments
