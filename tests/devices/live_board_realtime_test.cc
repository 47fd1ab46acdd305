// CORAL on an emulated board in real time (sim/emulated_board.h): the
// quality of its pick and its drift handling, through the live driver.
// These read a board that runs beside the test in wall-clock time, so a
// loaded machine blurs their readings: they carry the ctest label
// `realtime` and run alone, in their own step (tests/CMakeLists.txt).
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>

#include "core/optimizers/coral/coral.h"
#include "core/run.h"
#include "devices/board_layout.h"
#include "devices/jetson_device.h"
#include "sim/emulated_board.h"
#include "tests/support/emulated_board_helpers.h"

namespace {

using sim::EmulatedBoard;

using testing_support::fast_live_options;
using testing_support::fresh_board_root;
using testing_support::shipped_surface;

// Settle and window long enough that wall-clock readings are steady.
// Settle: the emulator follows the new streams' heartbeat (a real board
// needs its 2 s for DVFS and thermals); at 0.25 s the first reading after a
// change was up to 15% off the next, which CORAL's drift test took for a
// drift in 4 to 7 of 12 runs; at 0.6 s, in none of 10. Window: the emulated
// streams print their frames in bursts, whenever the shell gets the CPU; on
// a loaded machine a 0.3 s window read 15-20% low now and then, and a
// sentinel read low at the last trial withdrew the recommendation (in CI,
// and here in 1 of 4 runs beside two busy loops; with 1 s, in none of 5).
devices::LiveOptions realtime_options(const EmulatedBoard& board) {
  devices::LiveOptions o = fast_live_options(board);
  o.settle_s = 0.6;
  o.window_s = 1.0;
  return o;
}

// Runs CORAL on the emulated board; the recommendation scored on the
// noise-free surface.
TEST(JetsonDeviceTest, CoralOnTheEmulatedBoardScoresLikeTheReplayAndLeavesNoTrace) {
  auto s = shipped_surface("agx-orin_yolov8s.h5");
  EmulatedBoard board(s, fresh_board_root("coral"), EmulatedBoard::Layout::kAgxOrin);
  const auto before = board.files();
  board.start();
  const core::Goal goal = core::Goal::max_throughput(30.0);
  std::optional<core::Config> on_surface;
  {
    devices::JetsonDevice device(devices::discover_board(board.root()), realtime_options(board));
    core::Coral coral;
    core::Budget budget;
    budget.max_trials = 20;
    const core::RunLog log = core::run(coral, device, goal, budget, 3);
    std::string trace;
    for (const core::Measurement& m : log.trials)
      trace += std::to_string(m.throughput_fps) + " fps " + std::to_string(m.power_w) + " W\n";
    for (const core::OptimizerEvent& e : log.events)
      trace += std::to_string(e.trial) + ": " + e.what + "\n";
    ASSERT_TRUE(log.recommended) << trace;
    device.measure(*log.recommended);  // so the emulator shows where it is
    on_surface = board.current_config();
  }
  board.stop();
  EXPECT_EQ(board.files(), before) << "the board was not left as found";
  // Concurrency is the workload's, not a clock: take the recommendation's.
  const std::size_t i = s->space.index(*on_surface);
  const double fps = s->throughput_fps()[i], w = s->power_w()[i];
  EXPECT_LE(w, 30.0 * 1.03);
  double best = 0;
  for (std::size_t j = 0; j < s->space.size(); ++j) {
    if (s->power_w()[j] <= 30.0) best = std::max(best, s->throughput_fps()[j]);
  }
  EXPECT_GT(fps / best, 0.75) << fps << " of " << best;
}

// The workload changes mid-run: after trial 15 the emulator follows
// YOLOv8s instead of YOLOv8n, and the least-power configuration that made
// 80 fps now makes 47. The same CORAL that runs on replays notices (a drift
// event), re-adapts, and recommends on readings taken after the switch;
// no reading is over the hard power cap unless the driver tripped it; the
// board is left as found.
TEST(JetsonDeviceTest, CoralReAdaptsWhenTheWorkloadChangesMidRun) {
  const auto before = shipped_surface("agx-orin_yolov8n.h5");
  const auto after = shipped_surface("agx-orin_yolov8s.h5");
  EmulatedBoard board(before, fresh_board_root("drift"), EmulatedBoard::Layout::kAgxOrin);
  const auto files = board.files();
  board.start();
  const core::Goal goal = core::Goal::min_power(80.0);
  constexpr std::size_t kSwitchAfter = 15;
  devices::LiveOptions o = realtime_options(board);
  o.power_cap_w = 40.0;
  core::RunLog log;
  std::optional<core::Config> on_surface;
  {
    devices::JetsonDevice device(devices::discover_board(board.root()), o);
    core::Coral coral;
    core::Budget budget;
    // 45 trials after the switch. CORAL's surprise evidence has taken up to
    // 24 of them to call a sentinel on this board (a fresh-clone CI run:
    // alarm at trial 39 of 40, recommendation withdrawn with no trial left
    // to re-adapt); the test asks that it re-adapts, so it leaves room to.
    budget.max_trials = 60;
    log = core::run(coral, device, goal, budget, 5, [&](std::size_t i, const core::Measurement&) {
      if (i + 1 == kSwitchAfter) board.switch_surface(after);
    });
    if (log.recommended) {
      device.measure(*log.recommended);  // so the emulator shows where it is
      on_surface = board.current_config();
    }
  }
  // Idle draw follows the model loaded: swap it back to compare.
  board.switch_surface(before);
  board.stop();
  EXPECT_EQ(board.files(), files) << "the board was not left as found";
  std::string trace;
  for (std::size_t t = 0; t < log.trials.size(); ++t) {
    const core::Measurement& m = log.trials[t];
    trace += std::to_string(t) + (log.recommended && m.config == *log.recommended ? " * " : "   ") +
             std::to_string(m.throughput_fps) + " fps " + std::to_string(m.power_w) + " W\n";
  }
  for (const core::OptimizerEvent& e : log.events)
    trace += std::to_string(e.trial) + ": " + e.what + "\n";
  SCOPED_TRACE(trace);
  ASSERT_TRUE(log.recommended) << "nothing recommended after the switch";
  ASSERT_FALSE(log.events.empty()) << "the switch went unnoticed";
  EXPECT_GE(log.events.back().trial, kSwitchAfter) << "the switch went unnoticed";
  for (const core::Measurement& m : log.trials) {
    EXPECT_TRUE(!m.available || m.power_w <= 40.0 || m.power_cap_tripped) << m.power_w;
  }
  bool read_after_alarm = false;
  for (std::size_t t = log.events.back().trial; t < log.trials.size(); ++t)
    read_after_alarm |= log.trials[t].config == *log.recommended;
  EXPECT_TRUE(read_after_alarm) << "the recommendation rests on readings from before the switch";
  // On the new workload's surface. The emulated frame rate runs up to 15%
  // above the surface's at some configurations (frames counted by a shell
  // workload on a loaded machine), so 80 fps as measured is 68 noise-free.
  const std::size_t i = after->space.index(*on_surface);
  EXPECT_GE(after->throughput_fps()[i], 0.85 * 80.0);
  EXPECT_LE(after->power_w()[i], 40.0);
}

}  // namespace
