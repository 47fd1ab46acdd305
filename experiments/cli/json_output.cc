#include "experiments/cli/json_output.h"

#include <iostream>
#include <nlohmann/json.hpp>

#include "experiments/tables/json_text.h"

namespace experiments {

void print_json(const nlohmann::json& object) { std::cout << json_text(object, 2) << "\n"; }

}  // namespace experiments
