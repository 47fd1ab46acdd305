// write_surface: an atomic, byte-deterministic writer of the format.
#include <H5Cpp.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "core/errors.h"
#include "traces/hdf5_util.h"
#include "traces/surface_file.h"

namespace traces {
namespace {

namespace fs = std::filesystem;

// Datasets at least this large are chunked and compressed (gzip + shuffle,
// which every HDF5 reader, h5py included, decodes).
constexpr std::size_t kCompressFrom = 1024;

// How a dataset of `values` elements over `dims` is laid out in the file.
H5::DSetCreatPropList grid_dataset_properties(const std::vector<hsize_t>& dims,
                                              std::size_t values) {
  H5::DSetCreatPropList properties = deterministic_dataset_properties();
  if (values >= kCompressFrom) {
    // Chunk along the fastest axes so a chunk holds whole rows of the grid.
    std::vector<hsize_t> chunk = dims;
    std::size_t elements = 1;
    for (hsize_t d : chunk) elements *= d;
    for (std::size_t i = 0; i < chunk.size() && elements > 16384; ++i) {
      elements /= chunk[i];
      chunk[i] = 1;
    }
    properties.setChunk(static_cast<int>(chunk.size()), chunk.data());
    properties.setShuffle();
    properties.setDeflate(6);
  }
  return properties;
}

void write_doubles(const H5::Group& group, const std::string& name,
                   const std::vector<hsize_t>& dims, const std::vector<double>& values,
                   const std::string& unit, const H5::DataType& file_type) {
  const H5::DSetCreatPropList properties = grid_dataset_properties(dims, values.size());
  H5::DataSpace space(static_cast<int>(dims.size()), dims.data());
  H5::DataSet dataset = group.createDataSet(name, file_type, space, properties);
  if (!values.empty()) dataset.write(values.data(), H5::PredType::NATIVE_DOUBLE);
  write_string_attribute(dataset, "unit", unit);
}

std::size_t points_of(const std::vector<hsize_t>& dims) {
  std::size_t n = 1;
  for (hsize_t d : dims) n *= d;
  return n;
}

bool all_integers(const std::vector<double>& values) {
  return std::all_of(values.begin(), values.end(),
                     [](double v) { return v == static_cast<double>(static_cast<long long>(v)); });
}

void write_file(const Surface& surface, const std::string& path) {
  H5::FileCreatPropList creation;
  H5::H5File file(path, H5F_ACC_EXCL, creation);
  H5::Group root = file.openGroup("/");
  write_string_attribute(root, "format", "performance-surface");
  // Version 2 only where its extension is used: every other file stays
  // readable by version-1 readers.
  write_int_attribute(root, "format_version", surface.measured.empty() ? 1 : 2);
  write_string_attribute(root, "device", surface.device);
  write_string_attribute(root, "model", surface.model);
  write_string_attribute(root, "provenance", surface.provenance);
  if (!surface.description.empty()) {
    write_string_attribute(root, "description", surface.description);
  }

  std::vector<hsize_t> shape;
  H5::Group knobs = create_group(root, "knobs");
  for (std::size_t axis = 0; axis < surface.space.num_knobs(); ++axis) {
    const core::Knob& knob = surface.space.knob(axis);
    const std::vector<hsize_t> dims = {knob.values.size()};
    // Integer-valued knobs (cores, concurrency, EMC in MHz steps) are stored
    // as integers, as a profiler writing by hand would.
    const H5::DataType& type = all_integers(knob.values)
                                   ? static_cast<const H5::DataType&>(H5::PredType::STD_I64LE)
                                   : static_cast<const H5::DataType&>(H5::PredType::IEEE_F64LE);
    H5::DataSpace space(1, dims.data());
    H5::DataSet dataset =
        knobs.createDataSet(knob.name, type, space, deterministic_dataset_properties());
    dataset.write(knob.values.data(), H5::PredType::NATIVE_DOUBLE);
    write_string_attribute(dataset, "unit", knob.unit);
    write_int_attribute(dataset, "axis", static_cast<long long>(axis));
    shape.push_back(knob.values.size());
  }

  H5::Group metrics = create_group(root, "metrics");
  for (const auto& [name, metric] : surface.metrics) {
    write_doubles(metrics, name, shape, metric.values, metric.unit, H5::PredType::IEEE_F64LE);
  }
  if (!surface.metrics_std.empty()) {
    H5::Group group = create_group(root, "metrics_std");
    for (const auto& [name, metric] : surface.metrics_std) {
      write_doubles(group, name, shape, metric.values, metric.unit, H5::PredType::IEEE_F64LE);
    }
  }
  if (!surface.measured.empty()) {
    H5::DataSpace space(static_cast<int>(shape.size()), shape.data());
    H5::DataSet dataset = root.createDataSet("measured", H5::PredType::STD_U8LE, space,
                                             grid_dataset_properties(shape, points_of(shape)));
    dataset.write(surface.measured.data(), H5::PredType::NATIVE_UINT8);
  }
  if (!surface.completion.method.empty()) {
    write_string_attribute(root, "completion_method", surface.completion.method);
    write_string_attribute(root, "completion_parameters", surface.completion.parameters);
    write_int_attribute(root, "completion_readings",
                        static_cast<long long>(surface.completion.readings));
  }
  if (!surface.repeats.empty()) {
    H5::Group group = create_group(root, "repeats");
    for (const auto& [name, metric] : surface.repeats) {
      std::vector<hsize_t> dims = shape;
      dims.push_back(metric.repeats);
      write_doubles(group, name, dims, metric.values, metric.unit, H5::PredType::IEEE_F64LE);
    }
  }
}

}  // namespace

void write_surface(const Surface& surface, const std::string& path, bool overwrite) {
  validate_surface(surface);
  silence_hdf5_errors();
  std::error_code error;
  if (fs::is_directory(path, error)) {
    throw core::InputError(path + ": is a directory; give a file name for the surface");
  }
  if (!overwrite && fs::exists(path, error)) {
    throw core::InputError(path + ": already exists; pass --force to overwrite it");
  }
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(dir, error)) {
    throw core::InputError(path + ": directory " + dir.string() +
                           " does not exist; create it first");
  }
  const fs::path temporary =
      dir / ("." + target.filename().string() + ".tmp-" + std::to_string(getpid()));
  fs::remove(temporary, error);
  try {
    write_file(surface, temporary.string());
  } catch (const H5::Exception& e) {
    fs::remove(temporary, error);
    throw core::InputError(path + ": cannot write (" + e.getDetailMsg() +
                           "); check that the directory is writable and the disk not full");
  }
  fs::rename(temporary, target, error);
  if (error) {
    fs::remove(temporary, error);
    throw core::InputError(path + ": cannot rename the finished file into place (" +
                           error.message() + "); check permissions");
  }
}

}  // namespace traces
