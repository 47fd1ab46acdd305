// The two kinds of run-time failure edgetune reports to a user. Each message
// is one line: the thing, what is wrong, and the fix. Only experiments/
// catches them (prints the line, exits 2). Broken invariants are asserts.
#ifndef EDGETUNE_CORE_ERRORS_H_
#define EDGETUNE_CORE_ERRORS_H_

#include <stdexcept>
#include <string>

namespace core {

// Bad input from the user: a file, a flag, a name, a budget.
class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

// A device (simulated or live) could not do what was asked: a sysfs file
// missing or read-only, a sensor that fails, a workload that died.
class DeviceError : public std::runtime_error {
 public:
  explicit DeviceError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace core

#endif  // EDGETUNE_CORE_ERRORS_H_
