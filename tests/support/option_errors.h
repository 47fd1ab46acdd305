// The InputError message an options check throws, to assert its words.
#ifndef EDGETUNE_TESTS_SUPPORT_OPTION_ERRORS_H_
#define EDGETUNE_TESTS_SUPPORT_OPTION_ERRORS_H_

#include <string>

#include "core/errors.h"

namespace testing_support {

// What `check` throws as an InputError, or "" when it accepts.
template <typename Check>
std::string input_error_of(Check check) {
  try {
    check();
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace testing_support

#endif  // EDGETUNE_TESTS_SUPPORT_OPTION_ERRORS_H_
