// The edgetune subcommands. Each takes the arguments after its name and the
// factory that makes optimizers by name (registered, or a plug-in's such as
// Python's), and returns the exit code. Errors are thrown (core::InputError,
// core::DeviceError, boost::program_options::error) and turned into one line
// on stderr and exit code 2 by run_cli().
#ifndef EDGETUNE_EXPERIMENTS_CLI_COMMANDS_H_
#define EDGETUNE_EXPERIMENTS_CLI_COMMANDS_H_

#include <string>
#include <vector>

#include "experiments/run/optimizer_factory.h"

namespace experiments {

using Args = std::vector<std::string>;

int cmd_validate(const Args& args, const OptimizerFactory& optimizers);
int cmd_info(const Args& args, const OptimizerFactory& optimizers);
int cmd_oracle(const Args& args, const OptimizerFactory& optimizers);
int cmd_list(const Args& args, const OptimizerFactory& optimizers);
int cmd_run(const Args& args, const OptimizerFactory& optimizers);
int cmd_synth(const Args& args, const OptimizerFactory& optimizers);
int cmd_sweep(const Args& args, const OptimizerFactory& optimizers);
int cmd_merge(const Args& args, const OptimizerFactory& optimizers);
int cmd_report(const Args& args, const OptimizerFactory& optimizers);
int cmd_compare(const Args& args, const OptimizerFactory& optimizers);
int cmd_train(const Args& args, const OptimizerFactory& optimizers);
int cmd_live(const Args& args, const OptimizerFactory& optimizers);
int cmd_fakeboard(const Args& args, const OptimizerFactory& optimizers);
int cmd_import(const Args& args, const OptimizerFactory& optimizers);
int cmd_export(const Args& args, const OptimizerFactory& optimizers);
int cmd_sample(const Args& args, const OptimizerFactory& optimizers);
int cmd_complete(const Args& args, const OptimizerFactory& optimizers);
int cmd_fidelity(const Args& args, const OptimizerFactory& optimizers);

// Dispatches argv to a subcommand; catches every error (one line, exit 2).
int run_cli(int argc, char** argv, const OptimizerFactory& optimizers);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_CLI_COMMANDS_H_
