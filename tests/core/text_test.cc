// core/text.h: what one-line messages quote, and UTF-8 validity against
// known well- and ill-formed sequences (RFC 3629 and the Unicode standard's
// table 3-7).
#include "core/text.h"

#include <gtest/gtest.h>

#include <string>

namespace {

TEST(TextTest, ControlBytesAreEscapedAndLongTextIsCut) {
  EXPECT_EQ(core::one_line("a\nb\x1b[31m\x7f"), "a\\x0ab\\x1b[31m\\x7f");
  EXPECT_EQ(core::one_line("caf\xc3\xa9"), "caf\xc3\xa9");  // UTF-8 passes as it is
  EXPECT_EQ(core::printable(std::string(100, 'x'), 10), "xxxxxxxxxx...");
  EXPECT_EQ(core::printable("short", 10), "short");
  EXPECT_EQ(core::printable("\n\n\n", 8), "\\x0a\\x0a...");
  EXPECT_EQ(core::printable(std::string(10'000'000, 'y'), 5), "yyyyy...");
}

TEST(TextTest, Utf8ValidityMatchesTheStandardsTable) {
  for (const char* good : {"", "plain", "caf\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
                           "\xed\x9f\xbf", "\xf4\x8f\xbf\xbf"}) {
    EXPECT_TRUE(core::valid_utf8(good)) << good;
  }
  for (const char* bad : {"caf\xe9",           // Latin-1
                          "\xc0\xaf",          // overlong '/'
                          "\xe0\x80\xaf",      // overlong, three bytes
                          "\xed\xa0\x80",      // a UTF-16 surrogate
                          "\xf4\x90\x80\x80",  // above U+10FFFF
                          "\xe2\x82",          // cut short
                          "\x80", "\xff", "\xf8\x88\x80\x80\x80"}) {
    EXPECT_FALSE(core::valid_utf8(bad)) << bad;
  }
}

}  // namespace
