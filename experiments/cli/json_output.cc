#include "experiments/cli/json_output.h"

#include <iostream>
#include <nlohmann/json.hpp>

namespace experiments {

// Text that is not UTF-8 (a file name, a device id from a user) becomes
// U+FFFD rather than an exception that would lose the whole object.
void print_json(const nlohmann::json& object) {
  std::cout << object.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace experiments
