#include "traces/results_file.h"

#include <H5Cpp.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cstring>
#include <filesystem>

#include "core/errors.h"
#include "traces/hdf5_util.h"

namespace traces {
namespace {

namespace fs = std::filesystem;

// Tables with at least this many rows are chunked and gzip-compressed (the
// trials table of a paper sweep is ~400k rows of repetitive names).
constexpr std::size_t kCompressFromRows = 1024;
constexpr hsize_t kChunkRows = 4096;

std::size_t text_width(const ResultsColumn& column) {
  std::size_t width = 1;
  for (const std::string& s : column.text) width = std::max(width, s.size());
  return width;
}

// The file type of one column; text widths are per column.
H5::DataType member_type(const ResultsColumn& column) {
  switch (column.type) {
    case ResultsColumn::Type::kText: {
      H5::StrType type(H5::PredType::C_S1, text_width(column));
      type.setCset(H5T_CSET_UTF8);
      type.setStrpad(H5T_STR_NULLPAD);
      return type;
    }
    case ResultsColumn::Type::kInteger:
      return H5::PredType::STD_I64LE;
    case ResultsColumn::Type::kUnsigned:
      return H5::PredType::STD_U64LE;
    case ResultsColumn::Type::kReal:
      return H5::PredType::IEEE_F64LE;
  }
  return H5::PredType::IEEE_F64LE;
}

// Packs the table row by row into the compound layout (little-endian host,
// so the memory type equals the file type).
void write_table(const H5::Group& root, const ResultsTable& table) {
  std::vector<H5::DataType> types;
  std::vector<std::size_t> offsets;
  std::size_t row_size = 0;
  for (const ResultsColumn& column : table.columns) {
    types.push_back(member_type(column));
    offsets.push_back(row_size);
    row_size += types.back().getSize();
  }
  H5::CompType compound(std::max<std::size_t>(row_size, 1));
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    compound.insertMember(table.columns[c].name, offsets[c], types[c]);
  }
  const std::size_t rows = table.rows();
  std::vector<char> buffer(rows * row_size, 0);
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    const ResultsColumn& column = table.columns[c];
    assert(column.size() == rows);
    for (std::size_t r = 0; r < rows; ++r) {
      char* at = buffer.data() + r * row_size + offsets[c];
      switch (column.type) {
        case ResultsColumn::Type::kText:
          std::memcpy(at, column.text[r].data(), column.text[r].size());
          break;
        case ResultsColumn::Type::kInteger:
          std::memcpy(at, &column.integer[r], sizeof(std::int64_t));
          break;
        case ResultsColumn::Type::kUnsigned:
          std::memcpy(at, &column.unsigned_integer[r], sizeof(std::uint64_t));
          break;
        case ResultsColumn::Type::kReal:
          std::memcpy(at, &column.real[r], sizeof(double));
          break;
      }
    }
  }
  H5::DSetCreatPropList properties = deterministic_dataset_properties();
  if (rows >= kCompressFromRows) {
    const hsize_t chunk = std::min<hsize_t>(rows, kChunkRows);
    properties.setChunk(1, &chunk);
    properties.setDeflate(6);
  }
  const hsize_t dims = rows;
  H5::DataSpace space(1, &dims);
  H5::DataSet dataset = root.createDataSet(table.name, compound, space, properties);
  if (rows > 0) dataset.write(buffer.data(), compound);
}

void write_file(const std::string& path, const std::vector<ResultsTable>& tables,
                const std::map<std::string, std::string>& attributes) {
  H5::H5File file(path, H5F_ACC_EXCL);
  H5::Group root = file.openGroup("/");
  for (const auto& [name, value] : attributes) {
    write_string_attribute(root, name, value);
  }
  for (const ResultsTable& table : tables) write_table(root, table);
}

}  // namespace

std::size_t ResultsColumn::size() const {
  switch (type) {
    case Type::kText:
      return text.size();
    case Type::kInteger:
      return integer.size();
    case Type::kUnsigned:
      return unsigned_integer.size();
    case Type::kReal:
      return real.size();
  }
  return 0;
}

void write_results_file(const std::string& path, const std::vector<ResultsTable>& tables,
                        const std::map<std::string, std::string>& attributes) {
  silence_hdf5_errors();
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  const fs::path temporary =
      dir / ("." + target.filename().string() + ".tmp-" + std::to_string(getpid()));
  std::error_code error;
  fs::remove(temporary, error);
  try {
    write_file(temporary.string(), tables, attributes);
  } catch (const H5::Exception& e) {
    fs::remove(temporary, error);
    throw core::InputError(path + ": cannot write (" + e.getDetailMsg() +
                           "); check that the directory is writable and the "
                           "disk not full");
  }
  fs::rename(temporary, target, error);
  if (error) {
    fs::remove(temporary, error);
    throw core::InputError(path +
                           ": cannot rename the finished file into "
                           "place (" +
                           error.message() + "); check permissions");
  }
}

}  // namespace traces
