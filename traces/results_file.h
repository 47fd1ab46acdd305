// Sweep results as HDF5: one compound dataset per table (`runs`, `trials`),
// readable by h5py (`f["runs"][...]`) and pandas
// (`pandas.DataFrame(f["runs"][...])`) without edgetune's code.
#ifndef EDGETUNE_TRACES_RESULTS_FILE_H_
#define EDGETUNE_TRACES_RESULTS_FILE_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace traces {

// One column of a results table; exactly the vector of its type is used, with
// one value per row. NaN in a real column means "no value" (an empty CSV
// field, a knob the surface does not have).
struct ResultsColumn {
  enum class Type { kText, kInteger, kUnsigned, kReal };

  std::string name;
  Type type = Type::kReal;
  std::vector<std::string> text;
  std::vector<std::int64_t> integer;
  std::vector<std::uint64_t> unsigned_integer;
  std::vector<double> real;

  std::size_t size() const;
};

// A table in column order; every column has the same number of rows.
struct ResultsTable {
  std::string name;  // the dataset name
  std::vector<ResultsColumn> columns;

  std::size_t rows() const { return columns.empty() ? 0 : columns.front().size(); }
};

// Writes results tables a batch of rows at a time, for tables too big to
// hold in memory. Each table's columns (with their text widths) and row
// count are declared first (a first pass over the rows finds them), then its
// rows are appended in order. The file appears at `path` only on commit(),
// renamed from a temporary beside it; a writer destroyed before that
// removes the temporary. Throws core::InputError naming `path` when it
// cannot be written.
class ResultsFileWriter {
 public:
  struct ColumnSpec {
    std::string name;
    ResultsColumn::Type type = ResultsColumn::Type::kReal;
    std::size_t text_width = 1;  // bytes, for text columns
  };

  ResultsFileWriter(const std::string& path, const std::map<std::string, std::string>& attributes);
  ~ResultsFileWriter();
  ResultsFileWriter(const ResultsFileWriter&) = delete;
  ResultsFileWriter& operator=(const ResultsFileWriter&) = delete;

  // Starts the dataset `name` of `rows` rows (ending the table before).
  void begin_table(const std::string& name, const std::vector<ColumnSpec>& columns,
                   std::size_t rows);
  // The next rows of the table begun last: `batch` has its columns, in
  // order, and no more rows than are left; text no wider than declared.
  void append(const ResultsTable& batch);
  // Checks every declared row was written, closes the file and renames it
  // into place.
  void commit();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The column specs of `table` (text widths from its values).
std::vector<ResultsFileWriter::ColumnSpec> column_specs(const ResultsTable& table);

// Writes every table as a 1-D compound dataset named after it (text as
// fixed-length UTF-8 strings sized to the longest value, integers as int64 or
// uint64, reals as float64), plus string attributes on the root group.
// Atomic: written to a temporary file in the same directory, then renamed.
// Throws core::InputError naming `path` when it cannot be written (directory
// missing or unwritable, disk full).
void write_results_file(const std::string& path, const std::vector<ResultsTable>& tables,
                        const std::map<std::string, std::string>& attributes);

}  // namespace traces

#endif  // EDGETUNE_TRACES_RESULTS_FILE_H_
