// A sweep table read back: numbers parse whole or are refused naming the
// file, line and column; whole files are written atomically.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/errors.h"
#include "experiments/tables/csv.h"
#include "experiments/tables/text_file.h"
#include "tests/support/tiny_surface.h"

namespace {

TEST(CsvTableTest, NumbersParseWholeOrAreRefusedByPlace) {
  const std::string path = testing_support::temp_path("numbers.csv");
  experiments::write_text_atomically(path, "run_id,score\n0,0.5\n1,\n2,1abc\n3,1e999\n");
  const experiments::CsvTable table = experiments::read_csv_table(path);
  EXPECT_EQ(table.number(0, 1), 0.5);
  EXPECT_TRUE(std::isnan(table.number(1, 1)));
  try {
    table.number(2, 1);
    FAIL() << "'1abc' was read as a number";
  } catch (const core::InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(path + ": line 4 column 'score' holds '1abc'"), std::string::npos) << what;
  }
}

TEST(CsvTableTest, AnAtomicWriteLeavesNoTemporaryAndRefusesAMissingDirectory) {
  const std::string dir = testing_support::temp_path("atomic");
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  experiments::write_text_atomically(dir + "/a.txt", "one\n");
  experiments::write_text_atomically(dir + "/a.txt", "two\n");
  std::ifstream in(dir + "/a.txt");
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "two");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 1);
  EXPECT_THROW(experiments::write_text_atomically(dir + "/missing/b.txt", "x"), core::InputError);
}

}  // namespace
