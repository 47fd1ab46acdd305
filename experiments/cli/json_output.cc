#include "experiments/cli/json_output.h"

#include <iostream>
#include <nlohmann/json.hpp>

namespace experiments {

void print_json(const nlohmann::json& object) { std::cout << object.dump(2) << "\n"; }

}  // namespace experiments
