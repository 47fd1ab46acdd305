#include "experiments/cli/command_line.h"

#include <cerrno>
#include <cstdlib>
#include <iostream>

namespace po = boost::program_options;

namespace experiments {

std::ostream& operator<<(std::ostream& out, const Seed& seed) { return out << seed.value; }

void validate(boost::any& value, const std::vector<std::string>& tokens, Seed*, int) {
  namespace po = boost::program_options;
  po::validators::check_first_occurrence(value);
  const std::string& token = po::validators::get_single_string(tokens);
  const bool digits = !token.empty() && token.size() <= 20 &&
                      token.find_first_not_of("0123456789") == std::string::npos;
  errno = 0;
  const unsigned long long parsed = digits ? std::strtoull(token.c_str(), nullptr, 10) : 0;
  if (!digits || errno == ERANGE) {
    throw po::error_with_option_name("'" + token +
                                     "' for option '%canonical_option%' is not a seed: give a "
                                     "whole number from 0 to 18446744073709551615");
  }
  value = Seed{parsed};
}

std::optional<po::variables_map> parse_command_line(
    const Args& args, const std::string& usage, po::options_description options,
    const po::positional_options_description& positional) {
  options.add_options()("help,h", "show this help");
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
  if (vm.count("help")) {
    std::cout << "usage: " << usage << "\n\n" << options << "\n";
    return std::nullopt;
  }
  po::notify(vm);
  return vm;
}

}  // namespace experiments
