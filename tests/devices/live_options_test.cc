// LiveOptions::validate: each bad flag gets its own message, before the
// driver touches the board.
#include <gtest/gtest.h>

#include <cmath>

#include "devices/jetson_device.h"
#include "tests/support/option_errors.h"

namespace {

devices::LiveOptions valid() {
  devices::LiveOptions options;
  options.workload = "true";
  options.power_cap_w = 40;
  options.state_file = "/tmp/state.json";
  return options;
}

TEST(LiveOptionsTest, EachBadFlagHasItsOwnMessage) {
  using testing_support::input_error_of;
  EXPECT_EQ(input_error_of([] { valid().validate(); }), "");
  devices::LiveOptions o = valid();
  o.power_cap_w = 0;
  EXPECT_EQ(input_error_of([&] { o.validate(); }),
            "live option --power-cap is 0; it must be a finite number of W > 0 (it is required)");
  o = valid();
  o.window_s = NAN;
  EXPECT_EQ(input_error_of([&] { o.validate(); }),
            "live option --window-s is nan; it must be a finite number of seconds > 0");
  o = valid();
  o.settle_s = -1;
  EXPECT_EQ(input_error_of([&] { o.validate(); }),
            "live option --settle-s is -1; it must be a finite number of seconds >= 0");
  o = valid();
  o.sample_hz = 5;
  EXPECT_EQ(input_error_of([&] { o.validate(); }),
            "live option --sample-hz is 5; it must be >= 10 Hz");
  o = valid();
  o.max_concurrency = 0;
  EXPECT_EQ(input_error_of([&] { o.validate(); }),
            "live option --max-concurrency is 0; it must be >= 1");
  o = valid();
  o.workload.clear();
  EXPECT_EQ(input_error_of([&] { o.validate(); }), "--workload is required: the command to run");
}

}  // namespace
