// The subcommands' --json output: one object on stdout. The fragments the
// objects are made of live with the results (experiments/run/result_json.h).
#ifndef EDGETUNE_EXPERIMENTS_CLI_JSON_OUTPUT_H_
#define EDGETUNE_EXPERIMENTS_CLI_JSON_OUTPUT_H_

#include <nlohmann/json.hpp>  // callers build objects in place

#include "experiments/run/result_json.h"

namespace experiments {

// Prints one JSON object on stdout (2-space indent, trailing newline).
void print_json(const nlohmann::json& object);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_CLI_JSON_OUTPUT_H_
