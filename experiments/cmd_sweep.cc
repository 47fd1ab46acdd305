// edgetune sweep --surfaces F... --optimizers A,B --scenarios SET --seeds N
//                [--trials T] [--jobs J] [--seed S] --out DIR [--force]
//                [--json] [--quiet]
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <sstream>
#include <thread>

#include "core/errors.h"
#include "core/optimizers/registry.h"
#include "experiments/command_line.h"
#include "experiments/git_commit.h"  // generated: EDGETUNE_GIT_COMMIT
#include "experiments/json_output.h"
#include "experiments/optimizer_context.h"
#include "experiments/sweep_runner.h"
#include "experiments/sweep_store.h"
#include "traces/skipped_levels.h"

namespace po = boost::program_options;

namespace experiments {
namespace {

std::vector<std::string> split_commas(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const std::string& value : values) {
    std::stringstream in(value);
    for (std::string item; std::getline(in, item, ',');) {
      if (!item.empty()) out.push_back(item);
    }
  }
  return out;
}

// Every optimizer name checked before any run starts.
void check_optimizers(const std::vector<std::string>& names) {
  if (names.empty()) throw core::InputError("--optimizers is empty; name at least one");
  for (const std::string& name : names) {
    if (!core::find_optimizer_info(name)) core::make_optimizer(name);  // throws, listing names
    if (std::count(names.begin(), names.end(), name) > 1) {
      throw core::InputError("--optimizers names '" + name + "' twice; name each once");
    }
  }
}

std::string command_line(const Args& args) {
  std::string line = "edgetune sweep";
  for (const std::string& a : args) line += " " + a;
  return line;
}

void print_text_summary(const SweepStats& s, const std::string& out) {
  std::cout << fmt::format(
      "{} runs ({} resumed from an earlier invocation, {} executed, {} failed)\n"
      "{} trials in {:.2f} s wall on {} threads ({:.3g} trials/s), after {:.2f} s of offline "
      "training; peak memory {:.0f} MB\n"
      "results: {}/runs.csv, trials.csv, results.h5, sweep.json (edgetune report {})\n",
      s.runs_total, s.runs_resumed, s.runs_executed, s.runs_failed, s.trials, s.wall_s, s.jobs,
      s.wall_s > 0 ? static_cast<double>(s.trials) / s.wall_s : 0.0, s.training_s, s.peak_rss_mb,
      out, out);
}

}  // namespace

int cmd_sweep(const Args& args) {
  const int cores = std::max(1u, std::thread::hardware_concurrency());
  po::options_description options("sweep options");
  options.add_options()("surfaces", po::value<std::vector<std::string>>()->multitoken(),
                        "surface files (default: the shipped ones)")(
      "optimizers", po::value<std::vector<std::string>>()->multitoken()->required(),
      "comma-separated optimizer names (edgetune list optimizers)")(
      "scenarios", po::value<std::string>()->default_value("paper"),
      "scenario set name or a .json scenario file (edgetune list scenarios)")(
      "seeds", po::value<int>()->default_value(10), "seeds per combination")(
      "trials", po::value<int>()->default_value(30), "trial budget per run")(
      "jobs,j", po::value<int>()->default_value(cores), "worker threads (default: all cores)")(
      "seed", po::value<Seed>()->default_value(Seed{0}), "sweep seed; run seeds derive from it")(
      "settle-s", po::value<double>()->default_value(2.0), "simulated settle time per trial, s")(
      "window-s", po::value<double>()->default_value(5.0), "simulated measurement window, s")(
      "training-surfaces", po::value<std::vector<std::string>>()->multitoken(),
      "surfaces offline-trained optimizers learn from (default: the shipped ones; each "
      "target's device+model is left out)")("out,o", po::value<std::string>()->required(),
                                            "output directory")(
      "force", po::bool_switch(), "overwrite a directory that holds a different sweep")(
      "json", po::bool_switch(), "print the sweep's statistics as one JSON object")(
      "quiet,q", po::bool_switch(), "no progress on stderr");
  const auto vm = parse_command_line(
      args,
      "edgetune sweep --optimizers A,B [--surfaces F...] [--scenarios SET] [--seeds N] "
      "[--trials T] [--jobs J] --out DIR\n\nRuns every surface x scenario x optimizer x "
      "seed and writes runs.csv, trials.csv, results.h5 and sweep.json to DIR. An "
      "interrupted sweep resumes when rerun with the same command. Runs of full-grid "
      "optimizers (exhaustive) have a runs row but no trials rows.",
      options);
  if (!vm) return 0;

  SweepPlan plan;
  plan.optimizers = split_commas((*vm)["optimizers"].as<std::vector<std::string>>());
  check_optimizers(plan.optimizers);
  plan.scenarios = find_scenario_set((*vm)["scenarios"].as<std::string>());
  plan.seeds = (*vm)["seeds"].as<int>();
  plan.trials = (*vm)["trials"].as<int>();
  const int jobs = (*vm)["jobs"].as<int>();
  if (plan.seeds < 1)
    throw core::InputError(fmt::format("--seeds is {}; use 1 or more", plan.seeds));
  if (plan.trials < 1)
    throw core::InputError(fmt::format("--trials is {}; use 1 or more", plan.trials));
  if (jobs < 1) throw core::InputError(fmt::format("--jobs is {}; use 1 or more", jobs));
  plan.sweep_seed = (*vm)["seed"].as<Seed>().value;
  plan.device.settle_s = (*vm)["settle-s"].as<double>();
  plan.device.window_s = (*vm)["window-s"].as<double>();
  plan.device.validate();
  const std::vector<std::string> paths =
      vm->count("surfaces") ? (*vm)["surfaces"].as<std::vector<std::string>>() : shipped_surfaces();
  if (paths.empty()) throw core::InputError("no surfaces: pass --surfaces F...");
  for (const std::string& path : paths) {
    plan.surfaces.push_back(
        std::make_shared<const traces::Surface>(traces::load_replay_surface(path)));
  }
  TrainingPool pool;
  if (std::any_of(plan.optimizers.begin(), plan.optimizers.end(), needs_training)) {
    pool = load_training_pool(vm->count("training-surfaces")
                                  ? (*vm)["training-surfaces"].as<std::vector<std::string>>()
                                  : std::vector<std::string>{});
  }

  const std::string out = (*vm)["out"].as<std::string>();
  const std::vector<std::string> knobs = knob_columns(plan);
  const nlohmann::json metadata = {{"command", command_line(args)},
                                   {"edgetune_version", EDGETUNE_VERSION},
                                   {"git_commit", EDGETUNE_GIT_COMMIT},
                                   {"surface_paths", paths}};
  SweepStore store(out, plan.identity(), metadata, runs_columns(knobs), trials_columns(knobs),
                   (*vm)["force"].as<bool>());
  SweepStats stats = run_sweep(plan, pool, store, jobs, !(*vm)["quiet"].as<bool>());
  store.finish();
  stats.peak_rss_mb = peak_rss_mb();  // writing the final tables is part of the sweep
  store.record_summary({{"stats", stats.json()}});
  if ((*vm)["json"].as<bool>()) {
    nlohmann::json j = stats.json();
    j["out"] = out;
    print_json(j);
  } else {
    print_text_summary(stats, out);
  }
  return 0;
}

}  // namespace experiments
