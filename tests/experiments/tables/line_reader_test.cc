// Reading a table a line at a time gives what reading it whole gives: the
// complete lines, a last line cut short left out.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "experiments/tables/csv.h"

namespace {

std::vector<std::string> streamed(const std::string& path) {
  experiments::LineReader reader(path);
  std::vector<std::string> lines;
  for (std::string line; reader.next(line);) lines.push_back(line);
  EXPECT_EQ(reader.lines_read(), lines.size());
  return lines;
}

TEST(LineReaderTest, GivesTheCompleteLinesReadCompleteLinesGives) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("edgetune-lines-" + std::to_string(::getpid()) + ".csv"))
                               .string();
  for (const std::string& text : {std::string("a,b\n1,2\n3,4\n"), std::string("a,b\n1,2\n3,"),
                                  std::string(""), std::string("\n\n"), std::string("x")}) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    EXPECT_EQ(streamed(path), experiments::read_complete_lines(path)) << "'" << text << "'";
  }
  std::filesystem::remove(path);
  EXPECT_TRUE(streamed(path).empty()) << "an absent file has no lines";
}

}  // namespace
