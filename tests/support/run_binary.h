// Runs the edgetune binary as a user would, capturing stdout, stderr and the
// exit code.
#ifndef EDGETUNE_TESTS_SUPPORT_RUN_BINARY_H_
#define EDGETUNE_TESTS_SUPPORT_RUN_BINARY_H_

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "tests/support/tiny_surface.h"

namespace testing_support {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// `args` is appended to the binary path as is (shell syntax), run in `dir`
// (the current directory when empty).
inline CommandResult run_edgetune_in(const std::string& dir, const std::string& args) {
  static int counter = 0;
  const std::string out = temp_path("out-" + std::to_string(counter)),
                    err = temp_path("err-" + std::to_string(counter));
  ++counter;
  const std::string cd = dir.empty() ? "" : "cd '" + dir + "' && ";
  const std::string command =
      cd + std::string(EDGETUNE_BINARY) + " " + args + " >" + out + " 2>" + err;
  const int status = std::system(command.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_file(out);
  result.err = read_file(err);
  return result;
}

inline CommandResult run_edgetune(const std::string& args) { return run_edgetune_in("", args); }

inline std::string shipped(const std::string& name) {
  return std::string(EDGETUNE_SOURCE_DIR) + "/traces/surfaces/" + name;
}

}  // namespace testing_support

#endif  // EDGETUNE_TESTS_SUPPORT_RUN_BINARY_H_
