// Boost.Program_options plumbing shared by every subcommand: --help handling
// and parsing into a variables_map with errors as exceptions.
#ifndef EDGETUNE_EXPERIMENTS_CLI_COMMAND_LINE_H_
#define EDGETUNE_EXPERIMENTS_CLI_COMMAND_LINE_H_

#include <boost/any.hpp>
#include <boost/program_options.hpp>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "experiments/cli/commands.h"

namespace experiments {

// Parses `args` against `options` (plus --help and positional names). Prints
// usage and returns nullopt when --help was given; otherwise notifies
// (required options checked) and returns the map. Throws
// boost::program_options::error on bad flags.
std::optional<boost::program_options::variables_map> parse_command_line(
    const Args& args, const std::string& usage, boost::program_options::options_description options,
    const boost::program_options::positional_options_description& positional = {});

// The value of a --seed flag: a whole number from 0 to 2^64 - 1, written in
// decimal digits only. Boost would read "-1" as 2^64 - 1; this refuses it.
struct Seed {
  std::uint64_t value = 0;
};
std::ostream& operator<<(std::ostream& out, const Seed& seed);
// Boost.Program_options' hook for parsing a Seed (found by ADL).
void validate(boost::any& value, const std::vector<std::string>& tokens, Seed*, int);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_CLI_COMMAND_LINE_H_
