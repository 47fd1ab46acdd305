// Progress on stderr: nothing when disabled, and, where stderr is not a
// terminal (logs, CI, this test), plain lines ending with the final count.
#include "experiments/cli/progress.h"

#include <gtest/gtest.h>

#include <string>

namespace {

TEST(ProgressTest, DisabledPrintsNothing) {
  testing::internal::CaptureStderr();
  experiments::Progress progress(3, "runs", false);
  progress.advance(3);
  progress.finish();
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

TEST(ProgressTest, FinishPrintsTheFinalCountOnAPlainLine) {
  testing::internal::CaptureStderr();
  experiments::Progress progress(7, "runs", true);
  for (int i = 0; i < 7; ++i) progress.advance();
  progress.finish();
  const std::string out = testing::internal::GetCapturedStderr();
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.back(), '\n');
  EXPECT_EQ(out.find('\r'), std::string::npos) << "no bar redraws outside a terminal: " << out;
  const std::string last = out.substr(out.rfind('\n', out.size() - 2) + 1);
  EXPECT_EQ(last.rfind("7/7 runs", 0), 0u) << last;
  EXPECT_NE(last.find("ETA -"), std::string::npos) << last;
}

TEST(ProgressTest, NothingToDoStillEndsWithALine) {
  testing::internal::CaptureStderr();
  experiments::Progress progress(0, "trials", true);
  progress.finish();
  const std::string out = testing::internal::GetCapturedStderr();
  EXPECT_EQ(out.rfind("0/0 trials", 0), 0u) << out;
}

}  // namespace
