// CI regression goldens: exact outputs of tests/goldens/cases.txt.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/run_binary.h"

namespace {

struct GoldenCase {
  std::string name;
  std::string args;
};

std::string trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t"), end = s.find_last_not_of(" \t");
  return begin == std::string::npos ? "" : s.substr(begin, end - begin + 1);
}

std::vector<GoldenCase> cases() {
  std::ifstream in(std::string(EDGETUNE_SOURCE_DIR) + "/tests/goldens/cases.txt");
  std::vector<GoldenCase> list;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto bar = line.find('|');
    list.push_back({trim(line.substr(0, bar)), trim(line.substr(bar + 1))});
  }
  return list;
}

TEST(GoldenTest, OutputsMatchByteForByte) {
  const auto list = cases();
  ASSERT_GE(list.size(), 5u);
  for (const GoldenCase& c : list) {
    const auto r = testing_support::run_edgetune_in(EDGETUNE_SOURCE_DIR, c.args);
    ASSERT_EQ(r.exit_code, 0) << c.name << ": " << r.err;
    const std::string golden = testing_support::read_file(std::string(EDGETUNE_SOURCE_DIR) +
                                                          "/tests/goldens/" + c.name + ".json");
    EXPECT_EQ(r.out, golden) << c.name << " changed; if intended, run tests/goldens/regenerate.sh";
  }
}

}  // namespace
