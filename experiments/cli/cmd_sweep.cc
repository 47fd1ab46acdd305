// edgetune sweep --surfaces F... --optimizers A,B --scenarios SET --seeds N
//                [--trials T] [--jobs J] [--seed S] --out DIR [--force]
//                [--json] [--quiet]
//                [--shard K/N] [--models DIR] [--train-only]
//                [--slurm N [--partition P] [--time HH:MM:SS] [--cpus-per-task C] [--submit]]
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <thread>

#include "core/errors.h"
#include "core/optimizers/registry.h"
#include "experiments/cli/command_line.h"
#include "experiments/cli/json_output.h"
#include "experiments/cli/progress.h"
#include "experiments/cluster/slurm_scripts.h"
#include "experiments/cluster/sweep_merge.h"
#include "experiments/cluster/sweep_shards.h"
#include "experiments/run/optimizer_context.h"
#include "experiments/run/optimizer_factory.h"
#include "experiments/sweep/git_commit.h"  // generated: EDGETUNE_GIT_COMMIT
#include "experiments/sweep/model_cache.h"
#include "experiments/sweep/sweep_runner.h"
#include "experiments/sweep/sweep_store.h"
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
void check_optimizers(const std::vector<std::string>& names, const OptimizerFactory& optimizers) {
  if (names.empty()) throw core::InputError("--optimizers is empty; name at least one");
  for (const std::string& name : names) {
    optimizers.check(name);
    if (std::count(names.begin(), names.end(), name) > 1) {
      throw core::InputError("--optimizers names '" + name + "' twice; name each once");
    }
  }
}

// The sweep's progress bar on stderr (or nothing, with --quiet).
class RunsProgress : public SweepObserver {
 public:
  explicit RunsProgress(bool enabled) : enabled_(enabled) {}
  void runs_pending(std::size_t runs) override { bar_.emplace(runs, "runs", enabled_); }
  void run_finished() override { bar_->advance(); }
  void sweep_finished() override { bar_->finish(); }

 private:
  bool enabled_;
  std::optional<Progress> bar_;
};

std::string command_line(const Args& args) {
  std::string line = "edgetune sweep";
  for (const std::string& a : args) line += " " + shell_quote(a);
  return line;
}

// The options that decide the results, as arguments: the sweep's command
// apart from where it writes, how many threads it uses and how it is split.
// Shards of one sweep share them; the Slurm scripts pass them on.
std::vector<std::string> plan_arguments(const po::variables_map& vm) {
  std::vector<std::string> args;
  const auto add_list = [&](const char* name) {
    if (!vm.count(name)) return;
    args.push_back(std::string("--") + name);
    for (const std::string& v : vm[name].as<std::vector<std::string>>()) args.push_back(v);
  };
  add_list("surfaces");
  add_list("optimizers");
  add_list("training-surfaces");
  add_list("cost");
  args.insert(args.end(), {"--scenarios", vm["scenarios"].as<std::string>(), "--seeds",
                           std::to_string(vm["seeds"].as<int>()), "--trials",
                           std::to_string(vm["trials"].as<int>()), "--seed",
                           std::to_string(vm["seed"].as<Seed>().value), "--settle-s",
                           fmt::format("{}", vm["settle-s"].as<double>()), "--window-s",
                           fmt::format("{}", vm["window-s"].as<double>())});
  return args;
}

std::string plan_command(const po::variables_map& vm) {
  std::string line = "edgetune sweep";
  for (const std::string& a : plan_arguments(vm)) line += " " + shell_quote(a);
  return line;
}

// This executable's absolute path, for the scripts that run it elsewhere.
std::string own_executable() {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) throw core::InputError("cannot find the edgetune executable (/proc/self/exe)");
  return self.string();
}

// --slurm writes jobs that shard, train and load weights themselves, and
// --train-only runs no shard: the combinations that mean nothing are refused.
void check_modes(const po::variables_map& vm) {
  const auto refuse = [](const char* a, const char* b, const char* why) {
    return core::InputError(std::string(a) + " and " + b + " do not go together: " + why);
  };
  if (vm.count("slurm")) {
    if (vm.count("shard")) throw refuse("--slurm", "--shard", "the array shards the sweep");
    if (vm.count("models"))
      throw refuse("--slurm", "--models", "its jobs keep weights in DIR/models");
    if (vm["train-only"].as<bool>())
      throw refuse("--slurm", "--train-only", "it writes a training job");
  } else if (vm.count("partition") || vm.count("time") || vm["submit"].as<bool>()) {
    throw core::InputError("--partition, --time and --submit apply to --slurm N only");
  }
  if (vm["train-only"].as<bool>() && vm.count("shard")) {
    throw refuse("--train-only", "--shard", "training is once per sweep, not per shard");
  }
}

// The replay costs of the sweep's plug-in optimizers (py:...), for
// balancing shards: as --cost gives them. Registered optimizers have theirs
// in the registry; a cost for one, or for a name the sweep does not run,
// is refused.
MeasuredCosts given_costs(const po::variables_map& vm, const SweepPlan& plan) {
  MeasuredCosts costs;
  if (!vm.count("cost")) return costs;
  for (const std::string& text : vm["cost"].as<std::vector<std::string>>()) {
    const auto [name, cost] = parse_cost(text);
    if (std::find(plan.optimizers.begin(), plan.optimizers.end(), name) == plan.optimizers.end())
      throw core::InputError("--cost " + text + ": the sweep does not run '" + name + "'");
    if (core::find_optimizer_info(name))
      throw core::InputError("--cost " + text + ": '" + name +
                             "' is registered and has its cost in the registry; give costs of "
                             "plug-in optimizers (py:...) only");
    costs[name] = cost;
  }
  return costs;
}

int write_slurm_jobs(const po::variables_map& vm, const SweepPlan& plan, const MeasuredCosts& given,
                     const OptimizerFactory& optimizers) {
  SlurmOptions options;
  options.tasks = vm["slurm"].as<int>();
  if (vm.count("partition")) options.partition = vm["partition"].as<std::string>();
  if (vm.count("time")) options.time_limit = vm["time"].as<std::string>();
  options.cpus_per_task = vm["cpus-per-task"].as<int>();
  if (static_cast<std::size_t>(options.tasks) > plan.num_runs()) {
    throw core::InputError(fmt::format("--slurm {}: the sweep has only {} runs; use N <= {}",
                                       options.tasks, plan.num_runs(), plan.num_runs()));
  }
  const bool training = std::any_of(plan.optimizers.begin(), plan.optimizers.end(), needs_training);
  // Each shard draws its runs from the costs: a plug-in's is measured here,
  // once, and written into the scripts, so that every shard draws alike.
  std::vector<std::string> arguments = plan_arguments(vm);
  for (const std::string& name : plan.optimizers) {
    if (core::find_optimizer_info(name) || given.count(name)) continue;
    const core::ReplayCost pilot = measure_replay_cost(plan, name, optimizers);
    arguments.insert(arguments.end(),
                     {"--cost", fmt::format("{}={:.0f}", name, std::max(1.0, pilot.per_trial_us))});
    if (!vm["json"].as<bool>())
      std::cout << fmt::format("{}: a pilot run costs {:.0f} us per trial\n", name,
                               pilot.per_trial_us);
  }
  const SlurmScripts scripts =
      write_slurm_scripts(options, own_executable(), arguments, vm["out"].as<std::string>(),
                          training, vm["force"].as<bool>());
  nlohmann::json j = {{"scripts", scripts.files}, {"submit", scripts.submit}};
  if (vm["submit"].as<bool>()) {
    const std::string ids = submit_slurm_scripts(scripts);
    j["jobs"] = ids;
    if (!vm["json"].as<bool>()) std::cout << "submitted: " << ids << "\n";
  } else if (!vm["json"].as<bool>()) {
    std::cout << "Slurm scripts in " << scripts.dir << "; submit them with: sh "
              << shell_quote(scripts.submit) << "\n";
  }
  if (vm["json"].as<bool>()) print_json(j);
  return 0;
}

int write_trained_models(const po::variables_map& vm, const SweepPlan& plan,
                         const SweepContexts& contexts, int jobs) {
  if (!vm.count("models")) throw core::InputError("--train-only needs --models DIR to write to");
  const auto start = std::chrono::steady_clock::now();
  const std::vector<std::string> files =
      contexts.write_models(plan, vm["models"].as<std::string>(), jobs);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (vm["json"].as<bool>()) {
    print_json({{"weights", files}, {"training_seconds", seconds}});
  } else {
    std::cout << fmt::format("{} models trained in {:.2f} s; weights in {}\n", files.size(),
                             seconds, vm["models"].as<std::string>());
  }
  return 0;
}

void print_text_summary(const SweepStats& s, const std::string& out) {
  std::cout << fmt::format(
      "{} runs ({} resumed from an earlier invocation, {} executed, {} failed)\n"
      "{} trials in {:.2f} s wall on {} threads ({:.3g} trials/s), after {:.2f} s of offline "
      "training ({} models trained, {} read from --models, {} from the model cache); peak "
      "memory {:.0f} MB\n"
      "results: {}/runs.csv, trials.csv, results.h5, sweep.json (edgetune report {})\n",
      s.runs_total, s.runs_resumed, s.runs_executed, s.runs_failed, s.trials, s.wall_s, s.jobs,
      s.wall_s > 0 ? static_cast<double>(s.trials) / s.wall_s : 0.0, s.training_s, s.models_trained,
      s.models_read, s.models_cached, s.peak_rss_mb, out, out);
}

}  // namespace

int cmd_sweep(const Args& args, const OptimizerFactory& optimizers) {
  const int cores = std::max(1u, std::thread::hardware_concurrency());
  po::options_description options("sweep options");
  options.add_options()("surfaces", po::value<std::vector<std::string>>()->multitoken(),
                        "surface files (default: the shipped ones, synthetic and recorded)")(
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
      "surfaces offline-trained optimizers learn from (default: the shipped synthetic ones; each "
      "target's device+model is left out)")("out,o", po::value<std::string>(), "output directory")(
      "force", po::bool_switch(), "overwrite a directory that holds a different sweep")(
      "json", po::bool_switch(), "print the sweep's statistics as one JSON object")(
      "quiet,q", po::bool_switch(), "no progress on stderr")(
      "shard", po::value<std::string>(),
      "run only shard K of N (K/N, 0 <= K < N; shards are balanced by expected cost); join "
      "the shards with edgetune merge")(
      "cost", po::value<std::vector<std::string>>()->multitoken(),
      "NAME=US: a plug-in optimizer's replay cost per trial, microseconds, to balance shards "
      "(--slurm measures it with a pilot run; every --shard of the sweep must be given the "
      "same)")(
      "models", po::value<std::string>(),
      "read offline-trained weights from DIR (written by --train-only) instead of training")(
      "no-model-cache", po::bool_switch(),
      "neither read nor fill the model cache ($XDG_CACHE_HOME/edgetune/models, else "
      "~/.cache/edgetune/models; bounded by EDGETUNE_MODEL_CACHE_MB, default 512): train "
      "every model")("train-only", po::bool_switch(),
                     "train the offline-learned optimizers, write their "
                     "weights to --models DIR, run nothing")(
      "slurm", po::value<int>(),
      "write Slurm scripts for a job array of N shards plus training and merge jobs, into "
      "DIR/slurm; run nothing here")("partition", po::value<std::string>(),
                                     "Slurm partition (with --slurm)")(
      "time", po::value<std::string>(), "Slurm time limit per task, HH:MM:SS (with --slurm)")(
      "cpus-per-task", po::value<int>()->default_value(1),
      "CPUs per Slurm task; each shard runs that many threads (with --slurm)")(
      "submit", po::bool_switch(), "submit the Slurm jobs with sbatch and print their ids");
  const auto vm = parse_command_line(
      args,
      "edgetune sweep --optimizers A,B [--surfaces F...] [--scenarios SET] [--seeds N] "
      "[--trials T] [--jobs J] --out DIR\n\nRuns every surface x scenario x optimizer x "
      "seed and writes runs.csv, trials.csv, results.h5 and sweep.json to DIR. An "
      "interrupted sweep resumes when rerun with the same command. Runs of full-grid "
      "optimizers (exhaustive) have a runs row but no trials rows.\n\nOn a cluster: "
      "--slurm N --submit runs the sweep as a Slurm job array of N shards and merges "
      "them into DIR; by hand, --train-only --models M once, then --shard K/N --models M "
      "--out DIR_K for each K, then edgetune merge --out DIR DIR_0 ... DIR_N-1.",
      options);
  if (!vm) return 0;

  SweepPlan plan;
  plan.optimizers = split_commas((*vm)["optimizers"].as<std::vector<std::string>>());
  check_optimizers(plan.optimizers, optimizers);
  plan.scenarios = find_scenario_set((*vm)["scenarios"].as<std::string>());
  plan.seeds = (*vm)["seeds"].as<int>();
  plan.trials = (*vm)["trials"].as<int>();
  const int jobs = (*vm)["jobs"].as<int>();
  if (plan.seeds < 1)
    throw core::InputError(fmt::format("--seeds is {}; use 1 or more", plan.seeds));
  if (plan.trials < 1)
    throw core::InputError(fmt::format("--trials is {}; use 1 or more", plan.trials));
  for (const Scenario& scenario : plan.scenarios.scenarios) {
    if (scenario.drift && scenario.drift->at_trial >= plan.trials) {
      throw core::InputError(fmt::format(
          "scenario '{}' drifts at trial {}, but runs have {} trials; use --trials {} or more",
          scenario.name, scenario.drift->at_trial, plan.trials, scenario.drift->at_trial + 1));
    }
  }
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
  if (!vm->count("out") && !(*vm)["train-only"].as<bool>())
    throw core::InputError("--out is required: the directory to write the results to");
  check_modes(*vm);
  const MeasuredCosts costs = given_costs(*vm, plan);
  if (vm->count("slurm")) return write_slurm_jobs(*vm, plan, costs, optimizers);

  TrainingPool pool;
  if (std::any_of(plan.optimizers.begin(), plan.optimizers.end(), needs_training)) {
    pool = load_training_pool(vm->count("training-surfaces")
                                  ? (*vm)["training-surfaces"].as<std::vector<std::string>>()
                                  : std::vector<std::string>{});
  }
  const SweepContexts contexts(plan, pool);
  if ((*vm)["train-only"].as<bool>()) return write_trained_models(*vm, plan, contexts, jobs);

  const std::string out = (*vm)["out"].as<std::string>();
  const std::vector<std::string> knobs = knob_columns(plan);
  nlohmann::json identity = plan.identity();
  nlohmann::json metadata = {{"command", command_line(args)},
                             {"edgetune_version", EDGETUNE_VERSION},
                             {"git_commit", EDGETUNE_GIT_COMMIT},
                             {"surface_paths", paths}};
  std::vector<SweepRun> runs;
  if (vm->count("shard")) {
    const ShardSpec shard = parse_shard((*vm)["shard"].as<std::string>());
    runs = shard_runs(plan, shard, costs);
    identity["shard"] = {{"index", shard.index}, {"count", shard.count}};
    metadata["shard"] = shard_record(plan_command(*vm), plan.num_runs(), knobs, runs);
  } else {
    runs = enumerate_runs(plan);
  }
  SweepStore store(out, identity, metadata, runs_columns(knobs), trials_columns(knobs),
                   (*vm)["force"].as<bool>());
  const std::optional<ModelCache> cache =
      (*vm)["no-model-cache"].as<bool>() ? std::nullopt : ModelCache::user_cache();
  const SweepContexts::Preparation models =
      contexts.prepare(plan, runs, vm->count("models") ? (*vm)["models"].as<std::string>() : "",
                       cache ? &*cache : nullptr, jobs);
  RunsProgress progress(!(*vm)["quiet"].as<bool>());
  SweepStats stats = run_sweep(plan, runs, contexts, optimizers, store, jobs, &progress);
  stats.training_s = models.wall_s;
  stats.models_trained = models.trained;
  stats.models_read = models.read;
  stats.models_cached = models.cached;
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
