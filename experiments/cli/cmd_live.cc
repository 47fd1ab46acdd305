// edgetune live --optimizer NAME GOAL --workload CMD --power-cap W [--trials N]
//               [--sysfs-root DIR] [--state FILE] [--dry-run] [--json]
// edgetune live --probe [--json] [--sysfs-root DIR]
// edgetune live --restore STATE
// edgetune live --record OUT.h5 --workload CMD --power-cap W [--sample N]
//               [--design lhs|sobol|maximin|random] [--repeats R]
//
// Drives a real Jetson (or an emulated one, `edgetune fakeboard`) through
// devices::JetsonDevice with any registered optimizer. The board is
// snapshotted before the first write and restored on exit, error, Ctrl-C
// and SIGTERM; after a hard kill, `--restore STATE` puts it back.
#include <fmt/format.h>
#include <signal.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "core/errors.h"
#include "core/optimizers/registry.h"
#include "core/run.h"
#include "core/seed.h"
#include "core/text.h"
#include "devices/board_snapshot.h"
#include "devices/jetson_device.h"
#include "devices/stop_request.h"
#include "experiments/cli/command_line.h"
#include "experiments/cli/goal_options.h"
#include "experiments/cli/json_output.h"
#include "experiments/live/board_probe.h"
#include "experiments/live/board_recording.h"
#include "experiments/live/live_result.h"
#include "experiments/run/optimizer_context.h"
#include "experiments/run/optimizer_factory.h"
#include "experiments/tables/text_file.h"

namespace po = boost::program_options;

namespace experiments {
namespace {

extern "C" void on_stop_signal(int signal_number) { devices::request_stop(signal_number); }

// Every signal a user can cause ends the current trial and restores the
// board: Ctrl-C, kill, a closed terminal (SIGHUP) and a reader of the
// output that went away (SIGPIPE, as in `live ... | head -1`), which by
// default would kill the process with the board's clocks still set.
// A signal ignored when edgetune started stays ignored (`nohup edgetune
// live ...` must survive the terminal closing), and each signal's handling
// is put back as it was.
constexpr int kStopSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
struct StopSignals {
  StopSignals() {
    devices::stop_signal().store(0);
    struct sigaction stop {};
    stop.sa_handler = on_stop_signal;
    sigemptyset(&stop.sa_mask);
    for (std::size_t i = 0; i < std::size(kStopSignals); ++i) {
      sigaction(kStopSignals[i], nullptr, &before[i]);
      if (before[i].sa_handler != SIG_IGN) sigaction(kStopSignals[i], &stop, nullptr);
    }
  }
  ~StopSignals() {
    for (std::size_t i = 0; i < std::size(kStopSignals); ++i)
      sigaction(kStopSignals[i], &before[i], nullptr);
  }
  struct sigaction before[std::size(kStopSignals)]{};
};

// The board's knobs and rails: one JSON object, or a table for people.
int probe(const devices::BoardLayout& layout, bool json) {
  const nlohmann::json j = probe_board(layout);
  if (json) {
    print_json(j);
    return 0;
  }
  const nlohmann::json& knobs = j["knobs"];
  const nlohmann::json& rails = j["rails"];
  const double total = j["board_power_w"].get<double>();
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
      "record", po::value<std::string>(),
      "measure a sample of the board's grid into OUT.h5 (a sampled recording; resumes from "
      "OUT.h5.readings.csv when interrupted)")(
      "sample", po::value<int>(),
      "with --record: configurations to measure (default: --trials), the two corners included")(
      "design", po::value<std::string>()->default_value("lhs"),
      "with --record: random, lhs (Latin hypercube), sobol or maximin")(
      "device", po::value<std::string>()->default_value(""),
      "with --record: the board's device profile id, e.g. jetson-agx-orin-64gb (default "
      "live:ROOT)")("model", po::value<std::string>()->default_value(""),
                    "with --record: the workload's model id, e.g. yolov8s (default workload)")(
      "force", po::bool_switch(), "with --record: overwrite OUT.h5 if it exists")(
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
    const std::string root = (*vm)["sysfs-root"].as<std::string>();
    const devices::BoardSnapshot saved = devices::BoardSnapshot::load(state, root);
    const core::DirectoryLock lock = devices::lock_board(root);
    saved.restore();
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
  // Before the board is touched: a recording that cannot be written would be
  // hours of board time lost at the end.
  RecordingPlan plan;
  if (recording) {
    check_destination("--record", (*vm)["record"].as<std::string>(), (*vm)["force"].as<bool>());
    plan.out = (*vm)["record"].as<std::string>();
    const int sample = vm->count("sample") ? (*vm)["sample"].as<int>() : trials;
    if (sample < 1)
      throw core::InputError(
          fmt::format("--sample is {}; measure at least 1 configuration", sample));
    plan.configurations = static_cast<std::size_t>(sample);
    plan.design = parse_sample_design((*vm)["design"].as<std::string>());
    plan.repeats = repeats;
    plan.root = root;
    plan.device = (*vm)["device"].as<std::string>();
    plan.model = (*vm)["model"].as<std::string>();
    for (const auto& [flag, id] :
         {std::pair<const char*, const std::string&>{"--device", plan.device},
          {"--model", plan.model}}) {
      if (!core::valid_utf8(id) || std::any_of(id.begin(), id.end(), core::is_control))
        throw core::InputError(std::string(flag) + " '" + core::printable(id) +
                               "' is not a plain UTF-8 id; give one like yolov8s");
    }
    plan.settle_s = (*vm)["settle-s"].as<double>();
    plan.window_s = (*vm)["window-s"].as<double>();
  }
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
      plan.seed = seed;
      // Before the first write: what the user is about to spend.
      std::cerr << "edgetune live --record: " << board_time_text(plan, device.space()) << "\n";
      record_board(device, plan, (*vm)["quiet"].as<bool>() ? nullptr : &std::cerr);
      device.restore();
      std::cout << "recorded " << std::min(plan.configurations, device.space().size())
                << " configurations into " << plan.out << " (a sampled recording: edgetune "
                << "complete " << plan.out << " --out COMPLETED.h5 makes it replayable)\n";
      return 0;
    }
    core::Budget budget;
    budget.max_trials = trials;
    const bool quiet = (*vm)["quiet"].as<bool>();
    const core::RunLog log = core::run(
        *optimizer, device, goal, budget, core::stream_seed(seed, core::RunStream::kOptimizer),
        [&](std::size_t i, const core::Measurement& m) {
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
              << (recording ? "; the readings so far are in " + recording_journal(plan.out) +
                                  ": rerun the same command to resume"
                            : std::string())
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
