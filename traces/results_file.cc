#include "traces/results_file.h"

#include <H5Cpp.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cstring>
#include <filesystem>
#include <optional>

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
H5::DataType member_type(const ResultsFileWriter::ColumnSpec& column) {
  switch (column.type) {
    case ResultsColumn::Type::kText: {
      H5::StrType type(H5::PredType::C_S1, std::max<std::size_t>(1, column.text_width));
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

}  // namespace

// The open temporary file and the table being written.
struct ResultsFileWriter::State {
  std::string path;
  fs::path temporary;
  std::optional<H5::H5File> file;
  std::vector<ColumnSpec> columns;
  std::vector<std::size_t> offsets;
  std::size_t row_size = 0;
  std::optional<H5::CompType> compound;
  std::optional<H5::DataSet> dataset;
  std::size_t rows = 0, written = 0;
  bool committed = false;

  [[noreturn]] void fail(const H5::Exception& e) const {
    throw core::InputError(path + ": cannot write (" + e.getDetailMsg() +
                           "); check that the directory is writable and the disk not full");
  }
  void end_table() const {
    if (dataset && written != rows) {
      throw core::InputError(path + ": internal: a table got " + std::to_string(written) +
                             " of its " + std::to_string(rows) + " rows");
    }
  }
};

ResultsFileWriter::ResultsFileWriter(const std::string& path,
                                     const std::map<std::string, std::string>& attributes)
    : state_(std::make_unique<State>()) {
  silence_hdf5_errors();
  State& s = *state_;
  s.path = path;
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  s.temporary = dir / ("." + target.filename().string() + ".tmp-" + std::to_string(getpid()));
  std::error_code error;
  fs::remove(s.temporary, error);
  try {
    s.file.emplace(s.temporary.string(), H5F_ACC_EXCL);
    H5::Group root = s.file->openGroup("/");
    for (const auto& [name, value] : attributes) write_string_attribute(root, name, value);
  } catch (const H5::Exception& e) {
    s.fail(e);
  }
}

ResultsFileWriter::~ResultsFileWriter() {
  if (state_->committed) return;
  state_->dataset.reset();
  state_->file.reset();
  std::error_code ignored;
  fs::remove(state_->temporary, ignored);
}

void ResultsFileWriter::begin_table(const std::string& name, const std::vector<ColumnSpec>& columns,
                                    std::size_t rows) {
  State& s = *state_;
  s.end_table();
  s.columns = columns;
  s.offsets.clear();
  s.row_size = 0;
  std::vector<H5::DataType> types;
  for (const ColumnSpec& column : columns) {
    types.push_back(member_type(column));
    s.offsets.push_back(s.row_size);
    s.row_size += types.back().getSize();
  }
  try {
    s.compound.emplace(std::max<std::size_t>(s.row_size, 1));
    for (std::size_t c = 0; c < columns.size(); ++c) {
      s.compound->insertMember(columns[c].name, s.offsets[c], types[c]);
    }
    H5::DSetCreatPropList properties = deterministic_dataset_properties();
    if (rows >= kCompressFromRows) {
      const hsize_t chunk = std::min<hsize_t>(rows, kChunkRows);
      properties.setChunk(1, &chunk);
      properties.setDeflate(6);
    }
    const hsize_t dims = rows;
    H5::DataSpace space(1, &dims);
    s.dataset = s.file->openGroup("/").createDataSet(name, *s.compound, space, properties);
  } catch (const H5::Exception& e) {
    s.fail(e);
  }
  s.rows = rows;
  s.written = 0;
}

// Packs the batch row by row into the compound layout (little-endian host,
// so the memory type equals the file type) and writes it after the rows
// before it.
void ResultsFileWriter::append(const ResultsTable& batch) {
  State& s = *state_;
  const std::size_t rows = batch.rows();
  assert(s.dataset && batch.columns.size() == s.columns.size() && s.written + rows <= s.rows);
  if (rows == 0) return;
  std::vector<char> buffer(rows * s.row_size, 0);
  for (std::size_t c = 0; c < batch.columns.size(); ++c) {
    const ResultsColumn& column = batch.columns[c];
    assert(column.size() == rows && column.type == s.columns[c].type);
    for (std::size_t r = 0; r < rows; ++r) {
      char* at = buffer.data() + r * s.row_size + s.offsets[c];
      switch (column.type) {
        case ResultsColumn::Type::kText:
          assert(column.text[r].size() <= s.columns[c].text_width);
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
  try {
    H5::DataSpace file_space = s.dataset->getSpace();
    const hsize_t start = s.written, count = rows;
    file_space.selectHyperslab(H5S_SELECT_SET, &count, &start);
    H5::DataSpace memory_space(1, &count);
    s.dataset->write(buffer.data(), *s.compound, memory_space, file_space);
  } catch (const H5::Exception& e) {
    s.fail(e);
  }
  s.written += rows;
}

void ResultsFileWriter::commit() {
  State& s = *state_;
  s.end_table();
  try {
    s.dataset.reset();
    s.file->close();
    s.file.reset();
  } catch (const H5::Exception& e) {
    s.fail(e);
  }
  std::error_code error;
  fs::rename(s.temporary, s.path, error);
  if (error) {
    throw core::InputError(s.path + ": cannot rename the finished file into place (" +
                           error.message() + "); check permissions");
  }
  s.committed = true;
}

std::vector<ResultsFileWriter::ColumnSpec> column_specs(const ResultsTable& table) {
  std::vector<ResultsFileWriter::ColumnSpec> specs;
  for (const ResultsColumn& column : table.columns) {
    specs.push_back({column.name, column.type,
                     column.type == ResultsColumn::Type::kText ? text_width(column) : 1});
  }
  return specs;
}

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
  ResultsFileWriter writer(path, attributes);
  for (const ResultsTable& table : tables) {
    writer.begin_table(table.name, column_specs(table), table.rows());
    writer.append(table);
  }
  writer.commit();
}

}  // namespace traces
