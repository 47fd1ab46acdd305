// Sweep results as HDF5: one compound dataset per table (`runs`, `trials`),
// readable by h5py (`f["runs"][...]`) and pandas
// (`pandas.DataFrame(f["runs"][...])`) without edgetune's code.
#ifndef EDGETUNE_TRACES_RESULTS_FILE_H_
#define EDGETUNE_TRACES_RESULTS_FILE_H_

#include <cstddef>
#include <cstdint>
#include <map>
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
