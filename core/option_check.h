// The one shape every Options::validate() message takes: the owner, the
// field, its value and the limit, one constraint per message, e.g.
//   "coral option recommend_z is 2; it must be >= confidence_z (2.5)".
#ifndef EDGETUNE_CORE_OPTION_CHECK_H_
#define EDGETUNE_CORE_OPTION_CHECK_H_

#include <cstdio>
#include <string>

#include "core/errors.h"

namespace core {

// A value as messages show it: "2.5", "300", "nan".
inline std::string option_value(double value) {
  char shown[32];
  std::snprintf(shown, sizeof shown, "%.10g", value);
  return shown;
}

// Throws InputError naming `owner`'s `field`, its `value` and the `limit` it
// breaks, unless `holds`.
inline void check_option(bool holds, const char* owner, const char* field, double value,
                         const std::string& limit) {
  if (holds) return;
  throw InputError(std::string(owner) + " option " + field + " is " + option_value(value) +
                   "; it must be " + limit);
}

}  // namespace core

#endif  // EDGETUNE_CORE_OPTION_CHECK_H_
