// edgetune run --surface F --optimizer NAME GOAL [--trials N] [--seed S]
//              [--json] [--quiet] [--trace FILE]
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "core/errors.h"
#include "experiments/cli/command_line.h"
#include "experiments/cli/goal_options.h"
#include "experiments/cli/json_output.h"
#include "experiments/run/optimizer_context.h"
#include "experiments/run/run_one.h"
#include "experiments/run/trace_csv.h"
#include "traces/skipped_levels.h"

namespace po = boost::program_options;

namespace experiments {
namespace {

void print_summary(const RunResult& r) {
  const traces::Surface& s = *r.spec.surface;
  std::cout << fmt::format("{} on {}: {}\n", r.spec.optimizer, s.label(), r.spec.goal.describe());
  std::cout << fmt::format("  {} trials, {:.0f} board seconds, {} over the power budget\n",
                           r.log.trials.size(), r.log.board_seconds, r.log.budget_violations);
  for (const core::OptimizerEvent& e : r.log.events)
    std::cout << fmt::format("  trial {}: {}\n", e.trial + 1, e.what);
  if (!r.log.recommended) {
    std::cout << "  no configuration met the goal as measured: nothing recommended\n";
  } else {
    std::cout << fmt::format("  recommended: {}\n  {:.2f} fps at {:.2f} W (noise-free), {}\n",
                             s.space.describe(*r.log.recommended), r.throughput_fps, r.power_w,
                             r.feasible ? "feasible" : "INFEASIBLE");
  }
  if (r.reference.oracle.best) {
    std::cout << fmt::format("  oracle: {:.2f} fps at {:.2f} W; score {:.4f}\n",
                             r.reference.oracle.throughput_fps, r.reference.oracle.power_w,
                             r.score);
    if (r.spec.surface->provenance == "recorded") {
      std::cout << fmt::format("  denoised reference: {:.2f} fps at {:.2f} W; score {:.4f} ({})\n",
                               r.reference.denoised.throughput_fps, r.reference.denoised.power_w,
                               r.denoised_score, r.reference.metrics->method);
    }
  } else {
    std::cout << "  oracle: no configuration meets the goal\n";
  }
}

}  // namespace

int cmd_run(const Args& args, const OptimizerFactory& optimizers) {
  po::options_description options("run options");
  options.add_options()("surface", po::value<std::string>()->required(), "surface file (.h5)")(
      "optimizer", po::value<std::string>()->required(),
      "optimizer name (edgetune list optimizers)")("trials", po::value<int>()->default_value(30),
                                                   "trial budget (> 0)")(
      "seed", po::value<Seed>()->default_value(Seed{0}), "run seed")(
      "settle-s", po::value<double>()->default_value(2.0), "simulated settle time per trial, s")(
      "window-s", po::value<double>()->default_value(5.0), "simulated measurement window, s")(
      "training-surfaces", po::value<std::vector<std::string>>()->multitoken(),
      "surfaces offline-trained optimizers learn from (default: the shipped synthetic ones; the "
      "target's device+model is always left out)")("trace", po::value<std::string>(),
                                                   "write every trial to this CSV file")(
      "json", po::bool_switch(), "print one JSON object")("quiet,q", po::bool_switch(),
                                                          "no per-trial progress on stderr");
  add_goal_options(options);
  const auto vm =
      parse_command_line(args,
                         "edgetune run --surface F --optimizer NAME --goal KIND [--power-budget W] "
                         "[--throughput-target FPS] [--trials N] [--seed S] [--json]",
                         options);
  if (!vm) return 0;
  RunSpec spec;
  spec.budget.max_trials = (*vm)["trials"].as<int>();
  if (spec.budget.max_trials <= 0) {
    throw core::InputError(
        fmt::format("--trials is {}; it must be at least 1", spec.budget.max_trials));
  }
  spec.goal = goal_from_options(*vm);
  spec.optimizer = (*vm)["optimizer"].as<std::string>();
  spec.seed = (*vm)["seed"].as<Seed>().value;
  spec.device.settle_s = (*vm)["settle-s"].as<double>();
  spec.device.window_s = (*vm)["window-s"].as<double>();
  spec.device.validate();
  auto surface = std::make_shared<const traces::Surface>(
      traces::load_replay_surface((*vm)["surface"].as<std::string>()));
  spec.surface = surface;
  std::vector<std::string> training;
  if (vm->count("training-surfaces"))
    training = (*vm)["training-surfaces"].as<std::vector<std::string>>();
  const core::OptimizerContext context = make_context(spec.optimizer, *surface, training);
  const Reference reference = scoring_reference(*surface, spec.goal);

  const bool quiet = (*vm)["quiet"].as<bool>();
  const int total = spec.budget.max_trials;
  auto progress = [&](std::size_t i, const core::Measurement& m) {
    if (quiet) return;
    std::cerr << fmt::format("trial {:>3}/{}: {} -> ", i + 1, total,
                             surface->space.describe(m.config));
    if (m.available) {
      std::cerr << fmt::format("{:.2f} fps, {:.2f} W\n", m.throughput_fps, m.power_w);
    } else {
      std::cerr << "unavailable\n";
    }
  };
  const RunResult result = execute_run(spec, optimizers, context, reference, progress);
  if (vm->count("trace")) {
    write_trace_csv((*vm)["trace"].as<std::string>(), surface->space, result.log);
  }
  if ((*vm)["json"].as<bool>()) {
    print_json(run_json(result));
  } else {
    print_summary(result);
  }
  return 0;
}

}  // namespace experiments
