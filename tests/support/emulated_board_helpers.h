// What the live-driver tests share: shipped surfaces loaded once, a fresh
// directory for an emulated board, and driver options fast enough for tests.
#ifndef EDGETUNE_TESTS_SUPPORT_EMULATED_BOARD_HELPERS_H_
#define EDGETUNE_TESTS_SUPPORT_EMULATED_BOARD_HELPERS_H_

#include <filesystem>
#include <map>
#include <memory>
#include <ostream>
#include <string>

#include "devices/jetson_device.h"
#include "sim/emulated_board.h"
#include "tests/support/run_binary.h"
#include "tests/support/tiny_surface.h"
#include "traces/surface_file.h"

namespace testing_support {

// A shipped surface by file name, loaded once per test program.
inline std::shared_ptr<const traces::Surface> shipped_surface(const std::string& name) {
  static std::map<std::string, std::shared_ptr<const traces::Surface>> cache;
  auto& s = cache[name];
  if (!s) s = std::make_shared<const traces::Surface>(traces::load_surface(shipped(name)));
  return s;
}

// An empty path for an emulated board's tree; `name` must be unique in the
// test program.
inline std::string fresh_board_root(const std::string& name) {
  const std::string root = temp_path("board-" + name);
  std::filesystem::remove_all(root);
  return root;
}

// Short settle and window times, a 60 W cap, the emulator's workload and a
// state file next to the tree.
inline devices::LiveOptions fast_live_options(const sim::EmulatedBoard& board,
                                              std::ostream* log = nullptr) {
  devices::LiveOptions o;
  o.workload = board.workload_command();
  o.power_cap_w = 60;
  o.settle_s = 0.05;
  o.window_s = 0.3;
  o.max_concurrency = 8;
  o.state_file = board.root() + "-state.tsv";
  o.log = log;
  return o;
}

}  // namespace testing_support

#endif  // EDGETUNE_TESTS_SUPPORT_EMULATED_BOARD_HELPERS_H_
