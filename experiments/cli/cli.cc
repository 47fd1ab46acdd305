#include <algorithm>
#include <boost/program_options/errors.hpp>
#include <exception>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "core/errors.h"
#include "core/text.h"
#include "devices/jetson_device.h"
#include "experiments/cli/commands.h"
#include "experiments/cli/json_output.h"

namespace experiments {
namespace {

struct Subcommand {
  const char* name;
  const char* summary;
  int (*run)(const Args&, const OptimizerFactory&);
};

// Add a subcommand here (and declare it in commands.h).
const Subcommand kSubcommands[] = {
    {"validate", "check that surface files conform to the format", cmd_validate},
    {"info", "knobs, grid size and metric ranges of a surface", cmd_info},
    {"oracle", "exhaustive optimum of a goal on the noise-free surface", cmd_oracle},
    {"run", "run one optimizer on a surface and score it", cmd_run},
    {"sweep", "run optimizers x surfaces x scenarios x seeds in parallel", cmd_sweep},
    {"merge", "join the shards of a sweep (sweep --shard K/N) into one sweep directory", cmd_merge},
    {"report", "summary tables and plots of a sweep directory", cmd_report},
    {"compare", "paired verdicts on sweeps; as a CI gate, exit 1 on a significant regression",
     cmd_compare},
    {"train", "train an offline-learning optimizer (dvfo, maple-edge) and write its weights",
     cmd_train},
    {"synth", "write a synthetic surface from device and model profiles", cmd_synth},
    {"import", "turn recorded readings (long-format CSV) into a surface", cmd_import},
    {"export", "write a surface's readings as long-format CSV", cmd_export},
    {"sample", "keep a design of a share of a surface's grid, as a lab would record it",
     cmd_sample},
    {"complete", "fill a sampled recording's unmeasured points with a fitted model", cmd_complete},
    {"fidelity", "how faithfully complete rebuilds a fully measured surface from samples",
     cmd_fidelity},
    {"live", "drive a real Jetson with an optimizer, safely", cmd_live},
    {"fakeboard", "an emulated Jetson sysfs tree that follows a surface", cmd_fakeboard},
    {"list", "list optimizers or scenarios", cmd_list},
};

void print_usage(std::ostream& out) {
  out << "usage: edgetune <command> [options]   (edgetune <command> --help)\n\n"
         "edgetune: a simulation and replay testbed for online hardware\n"
         "configuration optimizers on NVIDIA Jetson boards.\n\ncommands:\n";
  for (const Subcommand& s : kSubcommands) {
    out << "  " << s.name << std::string(10 - std::string(s.name).size(), ' ') << s.summary << "\n";
  }
}

bool wants_json(const Args& args) {
  return std::find(args.begin(), args.end(), "--json") != args.end();
}

// A plug-in's error can quote megabytes: the line keeps this much.
constexpr std::size_t kMaxErrorBytes = 2000;

// The error line on stderr and, when the command was asked for --json, one
// JSON object on stdout saying the same, for scripts.
int report_error(const std::string& command, const Args& args, const char* kind,
                 const std::string& raw_message, const std::string& line) {
  std::cerr << "edgetune " << command << ": " << core::printable(line, kMaxErrorBytes) << "\n";
  if (wants_json(args)) {
    const std::string message = core::printable(raw_message, kMaxErrorBytes);
    nlohmann::json j = {{"command", command}, {"error", message}, {"kind", kind}, {"exit_code", 2}};
    // Every live error but a failed restore leaves the board as found: the
    // driver restores on the way out of any error.
    if (command == "live") j["board_restored"] = std::string(kind) != "restore";
    print_json(j);
  }
  return 2;
}

}  // namespace

int run_cli(int argc, char** argv, const OptimizerFactory& optimizers) {
  if (argc < 2) {
    print_usage(std::cerr);
    return 2;
  }
  const std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    print_usage(std::cout);
    return 0;
  }
  const Args args(argv + 2, argv + argc);
  for (const Subcommand& s : kSubcommands) {
    if (name != s.name) continue;
    try {
      return s.run(args, optimizers);
    } catch (const boost::program_options::error& e) {
      return report_error(name, args, "usage", e.what(),
                          std::string(e.what()) + "; see `edgetune " + name + " --help`");
    } catch (const core::InputError& e) {
      return report_error(name, args, "input", e.what(), e.what());
    } catch (const devices::RestoreError& e) {
      return report_error(name, args, "restore", e.what(),
                          std::string("device error: ") + e.what());
    } catch (const core::DeviceError& e) {
      return report_error(name, args, "device", e.what(), std::string("device error: ") + e.what());
    } catch (const std::exception& e) {
      return report_error(name, args, "internal", e.what(),
                          std::string("internal error: ") + e.what() + " (please report this)");
    }
  }
  std::cerr << "edgetune: unknown command '" << name
            << "'; run `edgetune --help` to list commands\n";
  return 2;
}

}  // namespace experiments
