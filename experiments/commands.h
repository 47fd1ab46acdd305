// The edgetune subcommands. Each takes the arguments after its name and
// returns the exit code. Errors are thrown (core::InputError,
// core::DeviceError, boost::program_options::error) and turned into one line
// on stderr and exit code 2 by run_cli().
#ifndef EDGETUNE_EXPERIMENTS_COMMANDS_H_
#define EDGETUNE_EXPERIMENTS_COMMANDS_H_

#include <string>
#include <vector>

namespace experiments {

using Args = std::vector<std::string>;

int cmd_validate(const Args& args);
int cmd_info(const Args& args);
int cmd_oracle(const Args& args);
int cmd_list(const Args& args);
int cmd_run(const Args& args);
int cmd_synth(const Args& args);
int cmd_sweep(const Args& args);
int cmd_merge(const Args& args);
int cmd_report(const Args& args);
int cmd_train(const Args& args);
int cmd_live(const Args& args);
int cmd_fakeboard(const Args& args);
int cmd_import(const Args& args);
int cmd_export(const Args& args);

// Dispatches argv to a subcommand; catches every error (one line, exit 2).
int run_cli(int argc, char** argv);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_COMMANDS_H_
