// Reading a table a line at a time: the complete lines, without their
// newlines, a last line cut short left out; read_complete_lines gathers the
// same.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "experiments/tables/csv.h"

namespace {

using Lines = std::vector<std::string>;

Lines streamed(const std::string& path) {
  experiments::LineReader reader(path);
  Lines lines;
  for (std::string line; reader.next(line);) lines.push_back(line);
  EXPECT_EQ(reader.lines_read(), lines.size());
  return lines;
}

TEST(LineReaderTest, GivesTheCompleteLinesAndLeavesOutOneCutShort) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("edgetune-lines-" + std::to_string(::getpid()) + ".csv"))
                               .string();
  const std::vector<std::pair<std::string, Lines>> cases = {
      {"a,b\n1,2\n3,4\n", {"a,b", "1,2", "3,4"}},
      {"a,b\n1,2\n3,", {"a,b", "1,2"}},
      {"", {}},
      {"\n\n", {"", ""}},
      {"x", {}},
      {"a\r\n", {"a\r"}}};
  for (const auto& [text, expected] : cases) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    EXPECT_EQ(streamed(path), expected) << "'" << text << "'";
    EXPECT_EQ(experiments::read_complete_lines(path), expected) << "'" << text << "'";
  }
  std::filesystem::remove(path);
  EXPECT_TRUE(streamed(path).empty()) << "an absent file has no lines";
  EXPECT_TRUE(experiments::read_complete_lines(path).empty());
}

}  // namespace
