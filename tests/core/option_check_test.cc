// check_option: the one message shape of every Options::validate().
#include "core/option_check.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/support/option_errors.h"

namespace {

TEST(OptionCheckTest, NamesOwnerFieldValueAndLimit) {
  using testing_support::input_error_of;
  EXPECT_EQ(input_error_of([] { core::check_option(true, "bo", "candidates", -1, ">= 1"); }), "");
  EXPECT_EQ(input_error_of([] { core::check_option(false, "bo", "candidates", -1, ">= 1"); }),
            "bo option candidates is -1; it must be >= 1");
  EXPECT_EQ(core::option_value(0.015), "0.015");
  EXPECT_EQ(core::option_value(300), "300");
  EXPECT_EQ(core::option_value(NAN), "nan");
  EXPECT_EQ(core::option_value(1e-300), "1e-300");
}

}  // namespace
