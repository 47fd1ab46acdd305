// edgetune fakeboard --surface F --root DIR [--layout agx-orin|agx-xavier]
//                    [--seconds S] [--switch-to G --switch-after T]
// An emulated Jetson (sim/emulated_board.h) for trying `edgetune live`
// without a board: builds its sysfs tree under DIR and keeps the power rails
// and the fake workload's frame rate following the surface at the written
// clocks until Ctrl-C (or for S seconds). With --switch-to, the workload
// drifts: after T seconds the board follows surface G instead (a model
// swap), to watch a live optimizer re-adapt.
#include <chrono>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>

#include "core/errors.h"
#include "devices/stop_request.h"
#include "experiments/cli/command_line.h"
#include "sim/emulated_board.h"
#include "traces/surface_file.h"

namespace po = boost::program_options;

namespace experiments {
namespace {

extern "C" void on_fakeboard_signal(int signal_number) { devices::request_stop(signal_number); }

}  // namespace

int cmd_fakeboard(const Args& args, const OptimizerFactory& /*optimizers*/) {
  po::options_description options("fakeboard options");
  options.add_options()("surface", po::value<std::string>()->required(),
                        "surface the board follows")("root", po::value<std::string>()->required(),
                                                     "directory for the sysfs tree (new or empty)")(
      "layout", po::value<std::string>()->default_value("agx-orin"), "agx-orin or agx-xavier")(
      "seconds", po::value<double>()->default_value(0), "stop after this long (0: until Ctrl-C)")(
      "switch-to", po::value<std::string>(),
      "after --switch-after seconds, follow this surface (same board and knobs) instead")(
      "switch-after", po::value<double>(), "seconds before the switch (with --switch-to)");
  const auto vm = parse_command_line(
      args,
      "edgetune fakeboard --surface F --root DIR [--layout agx-orin|agx-xavier] [--seconds S] "
      "[--switch-to G --switch-after T]",
      options);
  if (!vm) return 0;
  if (vm->count("switch-to") != vm->count("switch-after"))
    throw core::InputError("--switch-to and --switch-after go together: give both or neither");
  const double switch_after = vm->count("switch-after") ? (*vm)["switch-after"].as<double>() : 0;
  if (switch_after < 0)
    throw core::InputError("--switch-after " + std::to_string(switch_after) +
                           ": seconds must be >= 0");
  const std::string layout_name = (*vm)["layout"].as<std::string>();
  if (layout_name != "agx-orin" && layout_name != "agx-xavier") {
    throw core::InputError("--layout '" + layout_name + "' is not one of: agx-orin, agx-xavier");
  }
  const std::string root = (*vm)["root"].as<std::string>();
  std::error_code error;
  if (std::filesystem::exists(root, error) && !std::filesystem::is_directory(root, error)) {
    throw core::InputError(root +
                           ": is a file, not a directory; give a new or empty directory "
                           "for the board");
  }
  if (std::filesystem::exists(root, error) && !std::filesystem::is_empty(root, error)) {
    throw core::InputError(root + ": not empty; give a new or empty directory for the board");
  }
  auto surface = std::make_shared<const traces::Surface>(
      traces::load_surface((*vm)["surface"].as<std::string>()));
  traces::require_replayable(*surface);  // a sample's unknown points are not failures
  std::shared_ptr<const traces::Surface> switch_to;
  if (vm->count("switch-to")) {
    switch_to = std::make_shared<const traces::Surface>(
        traces::load_surface((*vm)["switch-to"].as<std::string>()));
    traces::require_replayable(*switch_to);
    if (!(switch_to->space == surface->space)) {
      throw core::InputError("--switch-to " + switch_to->label() +
                             ": its knobs or levels differ from " + surface->label() +
                             "'s; give a surface of the same board");
    }
  }
  sim::EmulatedBoard board(surface, root,
                           layout_name == "agx-orin" ? sim::EmulatedBoard::Layout::kAgxOrin
                                                     : sim::EmulatedBoard::Layout::kAgxXavier);
  devices::stop_signal().store(0);
  std::signal(SIGINT, on_fakeboard_signal);
  std::signal(SIGTERM, on_fakeboard_signal);
  board.start();
  std::cout << "emulated board under " << root << "; try:\n  edgetune live --sysfs-root " << root
            << " --workload " << board.workload_command()
            << " --power-cap 60 --optimizer coral --goal max-throughput --power-budget 30\n"
            << std::flush;
  const double seconds = (*vm)["seconds"].as<double>();
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  while (!devices::stop_requested() && (seconds <= 0 || elapsed() < seconds)) {
    if (switch_to && elapsed() >= switch_after) {
      board.switch_surface(switch_to);
      std::cout << "workload switched to " << switch_to->label() << " after " << elapsed() << " s\n"
                << std::flush;
      switch_to.reset();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  board.stop();
  return 0;
}

}  // namespace experiments
