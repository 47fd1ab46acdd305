// Results tables written whole or a batch at a time: the same datasets,
// h5py-readable layout (checked through the C++ reader of the file's bytes
// here: the Python suite reads them with h5py), and nothing at the path
// until the writer commits.
#include "traces/results_file.h"

#include <H5Cpp.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/errors.h"

namespace {

namespace fs = std::filesystem;
using Type = traces::ResultsColumn::Type;

std::string temp_path(const std::string& name) {
  return (fs::temp_directory_path() /
          ("edgetune-results-" + name + "-" + std::to_string(::getpid()) + ".h5"))
      .string();
}

// `rows` rows: an id, a name whose width grows with it, and a real.
traces::ResultsTable table(std::size_t first, std::size_t rows) {
  traces::ResultsTable t;
  t.name = "runs";
  t.columns = {{"run_id", Type::kUnsigned, {}, {}, {}, {}},
               {"optimizer", Type::kText, {}, {}, {}, {}},
               {"score", Type::kReal, {}, {}, {}, {}}};
  for (std::size_t r = first; r < first + rows; ++r) {
    t.columns[0].unsigned_integer.push_back(r);
    t.columns[1].text.push_back(std::string(1 + r % 7, 'a' + r % 26));
    t.columns[2].real.push_back(0.5 * static_cast<double>(r));
  }
  return t;
}

// The dataset's rows as raw bytes.
std::vector<char> dataset_bytes(const std::string& path, const std::string& name) {
  H5::H5File file(path, H5F_ACC_RDONLY);
  H5::DataSet set = file.openDataSet(name);
  const H5::CompType type = set.getCompType();
  std::vector<char> bytes(set.getSpace().getSimpleExtentNpoints() * type.getSize());
  set.read(bytes.data(), type);
  return bytes;
}

TEST(ResultsFileTest, BatchesWriteWhatOneWholeTableWrites) {
  const std::string whole = temp_path("whole"), batched = temp_path("batched");
  traces::write_results_file(whole, {table(0, 5000)}, {{"plan", "{}"}});
  {
    traces::ResultsFileWriter writer(batched, {{"plan", "{}"}});
    writer.begin_table("runs", traces::column_specs(table(0, 5000)), 5000);
    for (std::size_t first = 0; first < 5000; first += 1234)
      writer.append(table(first, std::min<std::size_t>(1234, 5000 - first)));
    writer.commit();
  }
  EXPECT_EQ(dataset_bytes(whole, "runs"), dataset_bytes(batched, "runs"));
  fs::remove(whole);
  fs::remove(batched);
}

TEST(ResultsFileTest, NothingAppearsUntilCommitAndShortTablesAreRefused) {
  const std::string path = temp_path("uncommitted");
  {
    traces::ResultsFileWriter writer(path, {});
    writer.begin_table("runs", traces::column_specs(table(0, 10)), 10);
    writer.append(table(0, 4));
    EXPECT_FALSE(fs::exists(path));
    EXPECT_THROW(writer.commit(), core::InputError);  // 4 of 10 rows
  }
  EXPECT_FALSE(fs::exists(path));
  for (const auto& entry : fs::directory_iterator(fs::temp_directory_path())) {
    EXPECT_EQ(entry.path().filename().string().find(".edgetune-results-uncommitted"),
              std::string::npos)
        << "a temporary was left: " << entry.path();
  }
}

}  // namespace
