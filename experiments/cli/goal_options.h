// The GOAL flags shared by oracle, run, sweep and live:
//   --goal max-throughput|min-power|dual|max-efficiency
//   [--power-budget W] [--throughput-target FPS]
#ifndef EDGETUNE_EXPERIMENTS_CLI_GOAL_OPTIONS_H_
#define EDGETUNE_EXPERIMENTS_CLI_GOAL_OPTIONS_H_

#include <boost/program_options.hpp>

#include "core/goal.h"

namespace experiments {

// `required` false leaves --goal optional (live --probe needs none);
// goal_from_options() then reports a missing one.
void add_goal_options(boost::program_options::options_description& options, bool required = true);

// The goal the flags state, validated. Throws core::InputError naming the
// flag when one is missing, conflicting or not a positive number.
core::Goal goal_from_options(const boost::program_options::variables_map& vm);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_CLI_GOAL_OPTIONS_H_
