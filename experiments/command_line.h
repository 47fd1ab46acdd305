// Boost.Program_options plumbing shared by every subcommand: --help handling
// and parsing into a variables_map with errors as exceptions.
#ifndef EDGETUNE_EXPERIMENTS_COMMAND_LINE_H_
#define EDGETUNE_EXPERIMENTS_COMMAND_LINE_H_

#include <boost/program_options.hpp>
#include <optional>
#include <string>

#include "experiments/commands.h"

namespace experiments {

// Parses `args` against `options` (plus --help and positional names). Prints
// usage and returns nullopt when --help was given; otherwise notifies
// (required options checked) and returns the map. Throws
// boost::program_options::error on bad flags.
std::optional<boost::program_options::variables_map> parse_command_line(
    const Args& args, const std::string& usage, boost::program_options::options_description options,
    const boost::program_options::positional_options_description& positional = {});

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_COMMAND_LINE_H_
