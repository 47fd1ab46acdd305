// edgetune live --optimizer NAME GOAL --workload CMD --power-cap W [--trials N]
//               [--sysfs-root DIR] [--state FILE] [--dry-run] [--json]
// edgetune live --probe [--json] [--sysfs-root DIR]
// edgetune live --restore STATE
// edgetune live --record OUT.h5 --workload CMD --power-cap W [--trials N]
//
// Drives a real Jetson (or an emulated one, `edgetune fakeboard`) through
// devices::JetsonDevice with any registered optimizer. The board is
// snapshotted before the first write and restored on exit, error, Ctrl-C
// and SIGTERM; after a hard kill, `--restore STATE` puts it back.
#include <fmt/format.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>

#include "core/errors.h"
#include "core/optimizers/registry.h"
#include "core/run.h"
#include "core/trial_history.h"
#include "devices/board_snapshot.h"
#include "devices/jetson_device.h"
#include "devices/stop_request.h"
#include "devices/sysfs_file.h"
#include "experiments/cli/command_line.h"
#include "experiments/cli/goal_options.h"
#include "experiments/cli/json_output.h"
#include "experiments/run/optimizer_context.h"
#include "experiments/run/optimizer_factory.h"
#include "experiments/surfaces/surface_import.h"
#include "traces/surface_file.h"

namespace po = boost::program_options;

namespace experiments {
namespace {

extern "C" void on_stop_signal(int signal_number) { devices::request_stop(signal_number); }

// SIGINT and SIGTERM end the current trial and restore the board.
struct StopSignals {
  StopSignals() {
    devices::stop_signal().store(0);
    std::signal(SIGINT, on_stop_signal);
    std::signal(SIGTERM, on_stop_signal);
  }
  ~StopSignals() {
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
  }
};

std::string current_value(const std::string& path) {
  try {
    return devices::read_sysfs(path);
  } catch (const core::DeviceError&) {
    return "?";
  }
}

int probe(const devices::BoardLayout& layout, bool json) {
  const core::ConfigSpace space = devices::live_space(layout, 1);
  nlohmann::json knobs = nlohmann::json::array(), rails = nlohmann::json::array();
  const std::string now[] = {current_value(layout.cpu.cpufreq_dirs[0] + "/scaling_cur_freq"),
                             std::to_string(layout.cpu.cpu_count),
                             current_value(layout.gpu->dir + "/cur_freq"),
                             layout.emc ? current_value(layout.emc->dir + "/rate") : std::string()};
  for (std::size_t k = 0; k + 1 < space.num_knobs(); ++k) {
    knobs.push_back({{"name", space.knob(k).name},
                     {"unit", space.knob(k).unit},
                     {"values", space.knob(k).values},
                     {"current_raw", now[k]}});
  }
  for (const devices::PowerRail& rail : layout.rails) {
    devices::BoardLayout one = layout;
    one.rails = {rail};
    one.total_rail = -1;
    double w = std::nan("");
    try {
      w = devices::read_board_power(one);
    } catch (const core::DeviceError&) {
    }
    rails.push_back({{"label", rail.label}, {"power_w", number_or_null(w)}});
  }
  const double total = devices::read_board_power(layout);
  if (json) {
    print_json(
        {{"root", layout.root}, {"knobs", knobs}, {"rails", rails}, {"board_power_w", total}});
    return 0;
  }
  std::cout << "board under " << layout.root << "\n";
  for (const auto& k : knobs) {
    std::cout << fmt::format("  {:<10} {:>3} steps {} .. {} {} (now: {})\n",
                             k["name"].get<std::string>(), k["values"].size(),
                             k["values"].front().get<double>(), k["values"].back().get<double>(),
                             k["unit"].get<std::string>(), k["current_raw"].get<std::string>());
  }
  for (const auto& r : rails) {
    std::cout << fmt::format("  rail {:<16} {}\n", r["label"].get<std::string>(),
                             r["power_w"].is_null()
                                 ? "unreadable"
                                 : fmt::format("{:.2f} W", r["power_w"].get<double>()));
  }
  std::cout << fmt::format("  board power {:.2f} W ({})\n", total,
                           layout.total_rail >= 0 ? "VDD_IN" : "sum of rails");
  return 0;
}

// The measured mean at the recommendation, from the trials after the
// optimizer's last event (a drift alarm: the board no longer does what
// earlier readings say).
nlohmann::json live_json(const std::string& optimizer, const devices::JetsonDevice& device,
                         const core::Goal& goal, std::uint64_t seed, int max_trials,
                         const core::RunLog& log) {
  core::TrialHistory history;
  history.reset(device.space());
  const std::size_t since = log.events.empty() ? 0 : log.events.back().trial;
  for (std::size_t t = since; t < log.trials.size(); ++t) history.add(log.trials[t]);
  const core::TrialHistory::Entry* rec = log.recommended ? history.find(*log.recommended) : nullptr;
  int trips = 0;
  for (const core::Measurement& m : log.trials) trips += m.power_cap_tripped;
  return {{"optimizer", optimizer},
          {"surface", nullptr},
          {"goal", goal_json(goal)},
          {"seed", seed},
          {"trials", log.trials.size()},
          {"max_trials", max_trials},
          {"stopped_early", log.stopped_early},
          {"board_seconds", log.board_seconds},
          {"recommended", config_json(device.space(), log.recommended)},
          {"throughput_fps", rec ? number_or_null(rec->mean_fps) : nlohmann::json()},
          {"power_w", rec ? number_or_null(rec->mean_w) : nlohmann::json()},
          {"feasible", rec != nullptr && core::TrialHistory::feasible(goal, *rec)},
          {"score", nullptr},
          {"oracle", nullptr},
          {"budget_violations", log.budget_violations},
          {"power_cap_trips", trips},
          {"events", events_json(log.events)},
          {"notes", device.notes()}};
}

// Measures `count` distinct configurations (seeded) and writes them as a
// recorded surface, NaN elsewhere.
// Measures `count` random configurations `repeats` times each (back to
// back, each reading with its own settle) and writes them as a recorded
// surface: medians, and the readings and their spread (pool_readings). A
// configuration with any reading that failed or tripped the cap is NaN.
void record(devices::JetsonDevice& device, const std::string& out, int count, int repeats,
            std::uint64_t seed, const std::string& root) {
  const core::ConfigSpace& space = device.space();
  traces::Surface s;
  s.device = "live:" + root;
  s.model = "workload";
  s.provenance = "recorded";
  s.description =
      fmt::format("edgetune live --record: {} configurations measured {} times each on the board",
                  count, repeats);
  s.space = space;
  std::vector<std::vector<double>> fps(space.size()), watts(space.size());
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::size_t> pick(0, space.size() - 1);
  std::vector<bool> done(space.size(), false);
  for (int i = 0; i < count && i < static_cast<int>(space.size()); ++i) {
    std::size_t index = pick(rng);
    while (done[index]) index = pick(rng);
    done[index] = true;
    std::vector<double> f, w;
    for (int r = 0; r < repeats; ++r) {
      const core::Measurement m = device.measure(space.config(index));
      if (!m.available || m.power_cap_tripped) break;
      f.push_back(m.throughput_fps);
      w.push_back(m.power_w);
      std::cerr << fmt::format("record {}/{} reading {}/{}: {} -> {:.2f} fps, {:.2f} W\n", i + 1,
                               count, r + 1, repeats, space.describe(m.config), m.throughput_fps,
                               m.power_w);
    }
    if (static_cast<int>(f.size()) < repeats) continue;
    fps[index] = std::move(f);
    watts[index] = std::move(w);
  }
  pool_readings(s, "throughput", "fps", fps);
  pool_readings(s, "power", "W", watts);
  traces::write_surface(s, out, true);
}

}  // namespace

int cmd_live(const Args& args, const OptimizerFactory& optimizers) {
  po::options_description options("live options");
  options.add_options()("optimizer", po::value<std::string>(),
                        "optimizer name (edgetune list optimizers)")(
      "workload", po::value<std::string>(),
      "command printing one line per frame (devices/README.md)")(
      "power-cap", po::value<double>(), "hard power cap, W (required to touch the board)")(
      "trials", po::value<int>()->default_value(30), "trial budget")(
      "seed", po::value<Seed>()->default_value(Seed{0}), "run seed")(
      "sysfs-root", po::value<std::string>()->default_value("/"), "root of the board's sysfs")(
      "state", po::value<std::string>()->default_value("edgetune-board-state.tsv"),
      "where the board's original state is saved before any write")(
      "settle-s", po::value<double>()->default_value(2.0), "settle time per trial, s")(
      "window-s", po::value<double>()->default_value(5.0), "measurement window, s")(
      "sample-hz", po::value<double>()->default_value(20.0), "power samples per second (>= 10)")(
      "max-concurrency", po::value<int>()->default_value(8), "most concurrent streams to try")(
      "dry-run", po::bool_switch(), "print every write instead of making it")(
      "probe", po::bool_switch(), "list the board's knobs and power rails, change nothing")(
      "restore", po::value<std::string>(), "write back a saved state file (after a hard kill)")(
      "record", po::value<std::string>(), "measure --trials random configurations into OUT.h5")(
      "repeats", po::value<int>()->default_value(3),
      "with --record: readings per configuration (1-100), kept in /repeats")(
      "json", po::bool_switch(), "print one JSON object")("quiet,q", po::bool_switch(),
                                                          "no per-trial progress on stderr");
  add_goal_options(options, false);
  const auto vm = parse_command_line(
      args,
      "edgetune live --optimizer NAME --goal KIND [--power-budget W] [--throughput-target FPS] "
      "--workload CMD --power-cap W [--trials N] [--sysfs-root DIR]\n"
      "       edgetune live --probe [--json]   |   edgetune live --restore STATE",
      options);
  if (!vm) return 0;
  if (vm->count("restore")) {
    const std::string state = (*vm)["restore"].as<std::string>();
    devices::BoardSnapshot::load(state).restore();
    std::remove(state.c_str());  // owed no more (kept when restore throws)
    std::cout << "board restored from " << state << " (removed)\n";
    return 0;
  }
  const std::string root = (*vm)["sysfs-root"].as<std::string>();
  const devices::BoardLayout layout = devices::discover_board(root);
  if ((*vm)["probe"].as<bool>()) return probe(layout, (*vm)["json"].as<bool>());

  if (!vm->count("power-cap")) throw core::InputError("--power-cap W is required to drive a board");
  if (!vm->count("workload"))
    throw core::InputError("--workload CMD is required to measure throughput");
  const bool recording = vm->count("record") > 0;
  if (!recording && !vm->count("optimizer"))
    throw core::InputError("--optimizer NAME is required (or --probe, --record)");
  const int trials = (*vm)["trials"].as<int>();
  const int repeats = (*vm)["repeats"].as<int>();
  if (repeats < 1 || repeats > 100)
    throw core::InputError("--repeats " + std::to_string(repeats) + ": give 1 to 100 readings");
  if (trials < 1)
    throw core::InputError(fmt::format("--trials is {}; it must be at least 1", trials));
  core::Goal goal;
  std::unique_ptr<core::Optimizer> optimizer;
  if (!recording) {
    goal = goal_from_options(*vm);
    const std::string name = (*vm)["optimizer"].as<std::string>();
    core::OptimizerContext context;
    if (needs_training(name)) context.training_surfaces = load_training_pool();
    optimizer = optimizers.make(name, context);
  }
  devices::LiveOptions live;
  live.workload = (*vm)["workload"].as<std::string>();
  live.power_cap_w = (*vm)["power-cap"].as<double>();
  live.settle_s = (*vm)["settle-s"].as<double>();
  live.window_s = (*vm)["window-s"].as<double>();
  live.sample_hz = (*vm)["sample-hz"].as<double>();
  live.max_concurrency = (*vm)["max-concurrency"].as<int>();
  live.dry_run = (*vm)["dry-run"].as<bool>();
  live.state_file = (*vm)["state"].as<std::string>();
  live.log = &std::cerr;
  const StopSignals signals;
  devices::JetsonDevice device(layout, live);
  const std::uint64_t seed = (*vm)["seed"].as<Seed>().value;
  try {
    if (recording) {
      record(device, (*vm)["record"].as<std::string>(), trials, repeats, seed, root);
      device.restore();
      std::cout << "recorded " << trials << " configurations into "
                << (*vm)["record"].as<std::string>() << "\n";
      return 0;
    }
    core::Budget budget;
    budget.max_trials = trials;
    const bool quiet = (*vm)["quiet"].as<bool>();
    const core::RunLog log = core::run(
        *optimizer, device, goal, budget, seed, [&](std::size_t i, const core::Measurement& m) {
          if (quiet) return;
          std::cerr << fmt::format(
              "trial {:>3}/{}: {} -> {}\n", i + 1, trials, device.space().describe(m.config),
              m.available ? fmt::format("{:.2f} fps, {:.2f} W{}", m.throughput_fps, m.power_w,
                                        m.power_cap_tripped ? " (POWER CAP)" : "")
                          : std::string("no frames"));
        });
    device.restore();
    const nlohmann::json j =
        live_json((*vm)["optimizer"].as<std::string>(), device, goal, seed, trials, log);
    if ((*vm)["json"].as<bool>()) {
      print_json(j);
    } else {
      for (const core::OptimizerEvent& e : log.events)
        std::cout << fmt::format("trial {}: {}\n", e.trial + 1, e.what);
      std::cout << (log.recommended ? "recommended: " + device.space().describe(*log.recommended)
                                    : std::string("no configuration met the goal as measured"))
                << "\nboard restored\n";
    }
    return 0;
  } catch (const devices::Stopped& stopped) {
    device.restore();
    std::cerr << "edgetune live: " << stopped.what() << "; board restored from " << live.state_file
              << "\n";
    if ((*vm)["json"].as<bool>()) {
      print_json({{"command", "live"},
                  {"error", stopped.what()},
                  {"kind", "interrupted"},
                  {"signal", stopped.signal},
                  {"exit_code", 128 + stopped.signal},
                  {"board_restored", true}});
    }
    return 128 + stopped.signal;
  } catch (...) {
    device.restore();  // then the error becomes its one line
    throw;
  }
}

}  // namespace experiments
