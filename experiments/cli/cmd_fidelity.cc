// edgetune fidelity FULL.h5 [--fractions 0.02,0.05,0.1,0.25] [--seeds S]
//                   [--method log-gp] [--optimizers A,B,...] [--scenarios SET]
//                   [--run-seeds N] [--json]
// How faithful `edgetune complete` is on a surface measured in full
// (experiments/completion/fidelity.h).
#include <fmt/format.h>

#include <iostream>
#include <sstream>

#include "core/errors.h"
#include "core/text.h"
#include "experiments/cli/command_line.h"
#include "experiments/cli/json_output.h"
#include "experiments/completion/fidelity.h"
#include "experiments/stats/quantile.h"
#include "traces/skipped_levels.h"

namespace po = boost::program_options;

namespace experiments {
namespace {

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, ',');) parts.push_back(part);
  return parts;
}

std::vector<double> parse_fractions(const std::string& text) {
  std::vector<double> fractions;
  for (const std::string& part : split(text)) {
    char* end = nullptr;
    const double f = std::strtod(part.c_str(), &end);
    if (part.empty() || end != part.c_str() + part.size())
      throw core::InputError("--fractions '" + core::printable(text) +
                             "' is not a comma-separated list of shares, e.g. 0.05,0.1");
    fractions.push_back(f);
  }
  return fractions;
}

nlohmann::json number_or_null(double x) {
  return std::isnan(x) ? nlohmann::json() : nlohmann::json(x);
}

std::string fixed2_or_dash(double x) { return std::isnan(x) ? "-" : fmt::format("{:.2f}", x); }

nlohmann::json row_json(const FidelityRow& r) {
  nlohmann::json methods = nlohmann::json::object();
  for (const auto& [name, s] : r.methods)
    methods[name] = {{"median_score_on_completed", s.on_completed},
                     {"median_score_on_full", s.on_full}};
  return {{"fraction", r.fraction},
          {"seed", r.seed},
          {"measured_points", r.measured},
          {"complete_seconds", r.seconds},
          {"throughput_median_ape", r.throughput_median_ape},
          {"throughput_p90_ape", r.throughput_p90_ape},
          {"power_median_ape", r.power_median_ape},
          {"power_p90_ape", r.power_p90_ape},
          {"throughput_coverage_2sd", r.throughput_coverage},
          {"power_coverage_2sd", r.power_coverage},
          {"runnable_agreement", r.runnable_agreement},
          {"oracle_median_error", r.oracle_median_error},
          {"oracle_choice_median_score", r.oracle_choice_median_score},
          {"oracle_noise_floor", r.oracle_noise_floor},
          {"kendall_tau", number_or_null(r.kendall_tau)},
          {"replay_kendall_tau", number_or_null(r.replay_kendall_tau)},
          {"kendall_tau_ceiling", number_or_null(r.kendall_tau_ceiling)},
          {"resolved_pair_agreement", number_or_null(r.resolved_agreement)},
          {"replay_resolved_pair_agreement", number_or_null(r.replay_resolved_agreement)},
          {"pairs_resolved", r.pairs_resolved},
          {"throughput_held_out_r2", r.throughput_held_out_r2},
          {"power_held_out_r2", r.power_held_out_r2},
          {"methods", methods}};
}

std::string percent(double share) {
  return std::isnan(share) ? "-" : fmt::format("{:.1f}%", 100.0 * share);
}

void print_table(const std::string& file, const std::vector<FidelityRow>& rows,
                 const FidelityOptions& options) {
  std::cout << fmt::format(
      "{}: {} (values: {}) completed from {} samples ({} seeds each); errors at unmeasured "
      "points\n",
      file, options.completion.method, unmeasured_values_name(options.completion.values),
      design_name(options.design), options.seeds);
  std::cout << "| share | seed | measured | fps APE median / p90 | W APE median / p90 | fps, W "
               "within 2 sd | can-run right | optimum error | pick's true score | tau | resolved "
               "pairs kept |\n"
               "|---:|---:|---:|---|---|---|---:|---:|---:|---:|---:|\n";
  for (const FidelityRow& r : rows) {
    std::cout << fmt::format(
        "| {:g} | {} | {} | {} / {} | {} / {} | {}, {} | {} | {} | {:.3f} | {} | {} |\n",
        r.fraction, r.seed, r.measured, percent(r.throughput_median_ape),
        percent(r.throughput_p90_ape), percent(r.power_median_ape), percent(r.power_p90_ape),
        percent(r.throughput_coverage), percent(r.power_coverage), percent(r.runnable_agreement),
        percent(r.oracle_median_error), r.oracle_choice_median_score, fixed2_or_dash(r.kendall_tau),
        fixed2_or_dash(r.resolved_agreement));
  }
  if (!rows.empty())
    std::cout << fmt::format(
        "\nKendall's tau between the full surface's replay and replays of it with other run "
        "seeds (median of 3): {}; "
        "the most tau-b can reach where methods tie on the full surface: {:.2f}.\n"
        "The full surface resolves {} of the pairs of methods (paired Wilcoxon, Holm, 5%); "
        "its other replays keep them at {} (median of 3; 1: each the same way round).\n"
        "The optimum error of the full surface smoothed by each reading's neighbours (its own "
        "reading noise, which no smooth completion reproduces): {}.\n",
        fixed2_or_dash(rows[0].replay_kendall_tau), rows[0].kendall_tau_ceiling,
        rows[0].pairs_resolved, fixed2_or_dash(rows[0].replay_resolved_agreement),
        percent(rows[0].oracle_noise_floor));
  std::cout << "\nmedian scores replayed on the completed / the full surface:\n| share | seed |";
  for (const std::string& m : options.optimizers) std::cout << " " << m << " |";
  std::cout << "\n|---:|---:|";
  for (std::size_t i = 0; i < options.optimizers.size(); ++i) std::cout << "---|";
  std::cout << "\n";
  for (const FidelityRow& r : rows) {
    std::cout << fmt::format("| {:g} | {} |", r.fraction, r.seed);
    for (const std::string& m : options.optimizers)
      std::cout << fmt::format(" {:.3f} / {:.3f} |", r.methods.at(m).on_completed,
                               r.methods.at(m).on_full);
    std::cout << "\n";
  }
}

}  // namespace

int cmd_fidelity(const Args& args, const OptimizerFactory& optimizers) {
  po::options_description options("fidelity options");
  options.add_options()("file", po::value<std::string>()->required(),
                        "a surface measured in full (.h5, format version 1)")(
      "fractions", po::value<std::string>()->default_value("0.02,0.05,0.1,0.25"),
      "shares of the grid to sample, comma-separated")("seeds", po::value<int>()->default_value(3),
                                                       "samples per share")(
      "design", po::value<std::string>()->default_value("lhs"),
      "how a sample is drawn: lhs (as live --record), random, sobol or maximin")(
      "method", po::value<std::string>()->default_value("log-gp"), "completion method")(
      "values", po::value<std::string>()->default_value("median"),
      "unmeasured points' values, as complete --values: median or draw")(
      "optimizers",
      po::value<std::string>()->default_value("coral,coral-uniform,bo,random,static-maxn"),
      "methods whose ranking is compared, comma-separated")(
      "scenarios", po::value<std::string>()->default_value("paper"),
      "scenario set or file (scenarios with drift are left out)")(
      "run-seeds", po::value<int>()->default_value(5), "runs per method and scenario")(
      "json", po::bool_switch(), "print one JSON object")("quiet,q", po::bool_switch(),
                                                          "no progress on stderr");
  po::positional_options_description positional;
  positional.add("file", 1);
  const auto vm = parse_command_line(
      args,
      "edgetune fidelity FULL.h5 [--fractions 0.02,0.05,0.1,0.25] [--seeds S] [--method M] "
      "[--values median|draw] [--json]",
      options, positional);
  if (!vm) return 0;
  FidelityOptions fidelity;
  fidelity.fractions = parse_fractions((*vm)["fractions"].as<std::string>());
  fidelity.seeds = (*vm)["seeds"].as<int>();
  fidelity.design = parse_sample_design((*vm)["design"].as<std::string>());
  fidelity.completion.method = (*vm)["method"].as<std::string>();
  fidelity.completion.values =
      parse_unmeasured_values((*vm)["values"].as<std::string>(), "--values");
  fidelity.optimizers = split((*vm)["optimizers"].as<std::string>());
  fidelity.scenarios = (*vm)["scenarios"].as<std::string>();
  fidelity.run_seeds = (*vm)["run-seeds"].as<int>();
  fidelity.validate();
  const std::string file = (*vm)["file"].as<std::string>();
  const traces::Surface full = traces::load_replay_surface(file);
  const bool quiet = (*vm)["quiet"].as<bool>();
  const std::vector<FidelityRow> rows = measure_fidelity(
      full, fidelity, optimizers, [&](const FidelityRow& r, std::size_t done, std::size_t total) {
        if (quiet) return;
        std::cerr << fmt::format(
            "fidelity {}/{}: share {:g} seed {}: fps APE {}, W APE {}, "
            "{:.1f} s to complete\n",
            done, total, r.fraction, r.seed, percent(r.throughput_median_ape),
            percent(r.power_median_ape), r.seconds);
      });
  if ((*vm)["json"].as<bool>()) {
    nlohmann::json j = {{"file", file},
                        {"method", fidelity.completion.method},
                        {"values", unmeasured_values_name(fidelity.completion.values)},
                        {"rows", nlohmann::json::array()}};
    for (const FidelityRow& r : rows) j["rows"].push_back(row_json(r));
    print_json(j);
    return 0;
  }
  print_table(file, rows, fidelity);
  return 0;
}

}  // namespace experiments
