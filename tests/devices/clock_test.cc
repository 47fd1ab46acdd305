// The live driver's timing on an injected clock: settle, then a window of
// power samples at sample_hz, and the trial's cost, checked to the tick
// without sleeping through them.
#include "devices/clock.h"

#include <gtest/gtest.h>

#include <vector>

#include "devices/board_layout.h"
#include "devices/jetson_device.h"
#include "tests/support/emulated_board_helpers.h"

namespace {

// Time moves only when the driver sleeps.
class FakeClock : public devices::Clock {
 public:
  double now_s() const override { return now_; }
  void sleep_s(double seconds) override {
    sleeps.push_back(seconds);
    now_ += seconds;
  }
  std::vector<double> sleeps;

 private:
  double now_ = 1000.0;
};

TEST(ClockTest, ATrialSettlesThenSamplesAWindowOnTheInjectedClock) {
  sim::EmulatedBoard board(testing_support::shipped_surface("agx-orin_yolov8s.h5"),
                           testing_support::fresh_board_root("clock"),
                           sim::EmulatedBoard::Layout::kAgxOrin);
  FakeClock clock;
  devices::LiveOptions options = testing_support::fast_live_options(board);
  options.settle_s = 2.0;  // what a real board needs; no test could sleep through it
  options.window_s = 5.0;
  options.sample_hz = 16;  // a period of 1/16 s adds up exactly in binary
  options.clock = &clock;
  {
    devices::JetsonDevice device(devices::discover_board(board.root()), options);
    const core::Measurement m = device.measure(core::Config{core::Levels(5, 0)});
    // 32 samples while settling, 80 in the window, each followed by one
    // period's sleep.
    ASSERT_EQ(clock.sleeps.size(), 112u);
    for (double s : clock.sleeps) EXPECT_EQ(s, 0.0625);
    EXPECT_EQ(m.cost_s, 7.0);
    device.restore();
  }
}

}  // namespace
