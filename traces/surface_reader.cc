// read_surface_in_process: reads a performance-surface file and enforces
// every rule of ../shared/surface-format.md, naming the file, the object and
// the rule.
#include "traces/surface_reader.h"

#include <H5Cpp.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "core/errors.h"
#include "traces/hdf5_util.h"
#include "traces/surface_file.h"

namespace traces {
namespace {

// The file being read: reports a broken rule as "<file>: <object>: <rule>",
// and tells `progress` what is read next (contained_read.h names it when
// libhdf5 dies there).
class ReadContext {
 public:
  ReadContext(std::string path, const ReadProgress& progress)
      : path_(std::move(path)), progress_(progress) {}
  [[noreturn]] void fail(const std::string& object, const std::string& rule) const {
    throw core::InputError(one_line(path_ + ": " + object + ": " + rule));
  }
  void reading(const std::string& what) const {
    if (progress_) progress_(what);
  }

 private:
  std::string path_;
  const ReadProgress& progress_;
};

std::string read_string_attribute(const H5::H5Object& object, const std::string& object_name,
                                  const std::string& name, bool required,
                                  const ReadContext& context) {
  context.reading(object_name + " attribute '" + name + "'");
  if (!object.attrExists(name)) {
    if (required) context.fail(object_name, "missing required attribute '" + name + "'");
    return "";
  }
  H5::Attribute attribute = object.openAttribute(name);
  if (attribute.getTypeClass() != H5T_STRING) {
    context.fail(object_name, "attribute '" + name + "' must be a string");
  }
  std::string value;
  attribute.read(attribute.getStrType(), value);
  // Fixed-length strings may carry NUL padding.
  value.erase(std::find(value.begin(), value.end(), '\0'), value.end());
  return value;
}

long long read_int_attribute(const H5::H5Object& object, const std::string& object_name,
                             const std::string& name, const ReadContext& context) {
  context.reading(object_name + " attribute '" + name + "'");
  if (!object.attrExists(name)) {
    context.fail(object_name, "missing required attribute '" + name + "'");
  }
  H5::Attribute attribute = object.openAttribute(name);
  if (attribute.getTypeClass() != H5T_INTEGER ||
      attribute.getSpace().getSimpleExtentNpoints() != 1) {
    context.fail(object_name, "attribute '" + name + "' must be a single integer");
  }
  long long value = 0;
  attribute.read(H5::PredType::NATIVE_LLONG, &value);
  return value;
}

std::vector<hsize_t> shape_of(const H5::DataSet& dataset) {
  H5::DataSpace space = dataset.getSpace();
  std::vector<hsize_t> dims(static_cast<std::size_t>(space.getSimpleExtentNdims()));
  if (!dims.empty()) space.getSimpleExtentDims(dims.data());
  return dims;
}

std::string shape_text(const std::vector<hsize_t>& dims) {
  std::string text = "(";
  for (std::size_t i = 0; i < dims.size(); ++i) {
    text += (i ? ", " : "") + std::to_string(dims[i]);
  }
  return text + (dims.size() == 1 ? ",)" : ")");
}

// A damaged dataspace can claim terabytes: no surface dataset needs more
// values than a surface has points, so the reader refuses to allocate for
// more.
constexpr hssize_t kMaxValues = hssize_t{kMaxSurfacePoints};

std::vector<double> read_doubles(const H5::DataSet& dataset, const std::string& object,
                                 const ReadContext& context) {
  const hssize_t points = dataset.getSpace().getSimpleExtentNpoints();
  if (points < 0 || points > kMaxValues) {
    context.fail(object, "holds " + std::to_string(points) + " values, more than the " +
                             std::to_string(kMaxValues) +
                             " a surface may; the file is corrupt or not a surface");
  }
  std::vector<double> values(static_cast<std::size_t>(points));
  if (!values.empty()) dataset.read(values.data(), H5::PredType::NATIVE_DOUBLE);
  return values;
}

// Names of the members of `group` that are datasets; anything else breaks
// the rule that the group holds one dataset per knob or metric.
std::vector<std::string> dataset_names(const H5::Group& group, const std::string& group_name,
                                       const ReadContext& context) {
  std::vector<std::string> names;
  for (hsize_t i = 0; i < group.getNumObjs(); ++i) {
    const std::string name = group.getObjnameByIdx(i);
    if (group.getObjTypeByIdx(i) != H5G_DATASET) {
      context.fail(group_name + "/" + name, "must be a dataset");
    }
    names.push_back(name);
  }
  return names;
}

std::vector<core::Knob> read_knobs(const H5::H5File& file, const ReadContext& context) {
  if (!file.nameExists("knobs")) context.fail("/knobs", "missing required group");
  H5::Group group = file.openGroup("knobs");
  const std::vector<std::string> names = dataset_names(group, "/knobs", context);
  if (names.empty()) context.fail("/knobs", "must hold at least one knob dataset");

  std::vector<core::Knob> by_axis(names.size());
  std::vector<bool> axis_taken(names.size(), false);
  for (const std::string& name : names) {
    const std::string object = "/knobs/" + name;
    context.reading(object);
    H5::DataSet dataset = group.openDataSet(name);
    const H5T_class_t type = dataset.getTypeClass();
    if (type != H5T_INTEGER && type != H5T_FLOAT) {
      context.fail(object, "values must be integer or floating point");
    }
    if (shape_of(dataset).size() != 1) context.fail(object, "must be one-dimensional");
    core::Knob knob;
    knob.name = name;
    knob.values = read_doubles(dataset, object, context);
    if (knob.values.empty()) context.fail(object, "must have at least one value");
    for (std::size_t i = 1; i < knob.values.size(); ++i) {
      if (!(knob.values[i] > knob.values[i - 1])) {
        context.fail(object, "values not strictly increasing");
      }
    }
    if (!std::all_of(knob.values.begin(), knob.values.end(),
                     [](double v) { return std::isfinite(v); })) {
      context.fail(object, "values must be finite numbers");
    }
    knob.unit = read_string_attribute(dataset, object, "unit", true, context);
    const long long axis = read_int_attribute(dataset, object, "axis", context);
    if (axis < 0 || axis >= static_cast<long long>(names.size())) {
      context.fail(object, "axis " + std::to_string(axis) + " out of range 0.." +
                               std::to_string(names.size() - 1));
    }
    if (axis_taken[static_cast<std::size_t>(axis)]) {
      context.fail(object, "axis " + std::to_string(axis) + " used by another knob");
    }
    axis_taken[static_cast<std::size_t>(axis)] = true;
    by_axis[static_cast<std::size_t>(axis)] = std::move(knob);
  }
  return by_axis;
}

std::vector<hsize_t> grid_shape(const core::ConfigSpace& space) {
  std::vector<hsize_t> dims;
  for (const core::Knob& knob : space.knobs()) dims.push_back(knob.values.size());
  return dims;
}

void check_float64(const H5::DataSet& dataset, const std::string& object,
                   const ReadContext& context) {
  if (dataset.getTypeClass() != H5T_FLOAT || dataset.getDataType().getSize() != 8) {
    context.fail(object, "values must be float64");
  }
}

std::map<std::string, Metric> read_metric_group(const H5::H5File& file,
                                                const std::string& group_name,
                                                const std::vector<hsize_t>& shape,
                                                bool unit_required, const ReadContext& context) {
  std::map<std::string, Metric> metrics;
  H5::Group group = file.openGroup(group_name);
  for (const std::string& name : dataset_names(group, "/" + group_name, context)) {
    const std::string object = "/" + group_name + "/" + name;
    context.reading(object);
    H5::DataSet dataset = group.openDataSet(name);
    check_float64(dataset, object, context);
    const std::vector<hsize_t> dims = shape_of(dataset);
    if (dims != shape) {
      context.fail(object, "shape " + shape_text(dims) + " does not match the knob axes " +
                               shape_text(shape));
    }
    Metric metric;
    metric.unit = read_string_attribute(dataset, object, "unit", unit_required, context);
    metric.values = read_doubles(dataset, object, context);
    metrics.emplace(name, std::move(metric));
  }
  return metrics;
}

std::map<std::string, RepeatedMetric> read_repeats(const H5::H5File& file,
                                                   const std::vector<hsize_t>& shape,
                                                   const ReadContext& context) {
  std::map<std::string, RepeatedMetric> repeats;
  H5::Group group = file.openGroup("repeats");
  for (const std::string& name : dataset_names(group, "/repeats", context)) {
    const std::string object = "/repeats/" + name;
    context.reading(object);
    H5::DataSet dataset = group.openDataSet(name);
    if (dataset.getTypeClass() != H5T_FLOAT) context.fail(object, "values must be floating point");
    const std::vector<hsize_t> dims = shape_of(dataset);
    std::vector<hsize_t> expected = shape;
    const bool ok = dims.size() == shape.size() + 1 &&
                    std::equal(shape.begin(), shape.end(), dims.begin()) && dims.back() >= 1;
    if (!ok) {
      expected.push_back(dims.size() == shape.size() + 1 ? dims.back() : 1);
      context.fail(object, "shape " + shape_text(dims) +
                               " must be the knob axes plus one repeat axis, e.g. " +
                               shape_text(expected));
    }
    RepeatedMetric metric;
    metric.unit = read_string_attribute(dataset, object, "unit", false, context);
    metric.repeats = static_cast<std::size_t>(dims.back());
    metric.values = read_doubles(dataset, object, context);
    repeats.emplace(name, std::move(metric));
  }
  return repeats;
}

// /measured (format version 2): one 0/1 byte per grid point.
std::vector<std::uint8_t> read_measured(const H5::H5File& file, const std::vector<hsize_t>& shape,
                                        const ReadContext& context) {
  const std::string object = "/measured";
  context.reading(object);
  if (file.childObjType(object) != H5O_TYPE_DATASET) context.fail(object, "must be a dataset");
  H5::DataSet dataset = file.openDataSet(object);
  // Unsigned bytes only: libhdf5 would clamp a signed -1 to 0 on reading.
  if (dataset.getTypeClass() != H5T_INTEGER || dataset.getDataType().getSize() != 1 ||
      H5::IntType(dataset).getSign() != H5T_SGN_NONE)
    context.fail(object, "values must be unsigned 8-bit integers (0 or 1)");
  const std::vector<hsize_t> dims = shape_of(dataset);
  if (dims != shape) {
    context.fail(
        object, "shape " + shape_text(dims) + " does not match the knob axes " + shape_text(shape));
  }
  // The shape matched the knobs, whose grid is bounded: the allocation is too.
  std::vector<std::uint8_t> measured(
      static_cast<std::size_t>(dataset.getSpace().getSimpleExtentNpoints()));
  if (!measured.empty()) dataset.read(measured.data(), H5::PredType::NATIVE_UINT8);
  return measured;
}

// The completion attributes (format version 2) of a surface `edgetune
// complete` wrote; an empty method when there are none.
Completion read_completion(const H5::H5File& file, const ReadContext& context) {
  Completion completion;
  completion.method = read_string_attribute(file, "/", "completion_method", false, context);
  if (completion.method.empty()) return completion;
  completion.parameters = read_string_attribute(file, "/", "completion_parameters", false, context);
  const long long readings = read_int_attribute(file, "/", "completion_readings", context);
  if (readings < 0) context.fail("/", "attribute 'completion_readings' is negative");
  completion.readings = static_cast<std::size_t>(readings);
  return completion;
}

void check_is_readable_file(const std::string& path, const ReadContext& context) {
  namespace fs = std::filesystem;
  if (path.empty()) throw core::InputError("the surface path is empty; pass an .h5 file");
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (!fs::exists(status)) {
    throw core::InputError(path + ": no such file; check the path");
  }
  if (fs::is_directory(status)) {
    throw core::InputError(path + ": is a directory, not a surface file; pass an .h5 file");
  }
  if (!H5::H5File::isHdf5(path)) {
    context.fail("/", "not an HDF5 file (expected a performance-surface .h5 file)");
  }
}

}  // namespace

Surface read_surface_in_process(const std::string& path, const ReadProgress& progress) {
  silence_hdf5_errors();
  const ReadContext context(path, progress);
  check_is_readable_file(path, context);
  try {
    H5::H5File file(path, H5F_ACC_RDONLY);
    Surface surface;
    surface.path = path;
    const std::string format = read_string_attribute(file, "/", "format", true, context);
    if (format != "performance-surface") {
      context.fail(
          "/", "attribute 'format' is '" + printable(format) + "', expected 'performance-surface'");
    }
    const long long version = read_int_attribute(file, "/", "format_version", context);
    if (version != 1 && version != 2) {
      context.fail("/", "format_version " + std::to_string(version) +
                            " is not supported (this edgetune reads versions 1 and 2)");
    }
    surface.device = read_string_attribute(file, "/", "device", true, context);
    surface.model = read_string_attribute(file, "/", "model", true, context);
    surface.provenance = read_string_attribute(file, "/", "provenance", true, context);
    surface.description = read_string_attribute(file, "/", "description", false, context);

    std::vector<core::Knob> knobs = read_knobs(file, context);
    if (!core::bounded_grid_points(knobs, kMaxSurfacePoints)) {
      context.fail("/knobs", "span a grid of " + core::grid_shape_text(knobs) +
                                 " levels, more than the " + std::to_string(kMaxSurfacePoints) +
                                 " points a surface may; the file is corrupt or not a surface");
    }
    surface.space = core::ConfigSpace(std::move(knobs));
    const std::vector<hsize_t> shape = grid_shape(surface.space);

    if (!file.nameExists("metrics")) context.fail("/metrics", "missing required group");
    surface.metrics = read_metric_group(file, "metrics", shape, true, context);
    if (file.nameExists("metrics_std")) {
      surface.metrics_std = read_metric_group(file, "metrics_std", shape, false, context);
    }
    if (file.nameExists("repeats")) surface.repeats = read_repeats(file, shape, context);
    // Version 2 (surface-format-v2.md): which points were measured.
    if (version == 1 && (file.nameExists("measured") || file.attrExists("completion_method"))) {
      context.fail("/measured", "is a format_version 2 extension, but the file says version 1");
    }
    if (version == 2) {
      if (!file.nameExists("measured")) context.fail("/measured", "missing (format_version 2)");
      surface.measured = read_measured(file, shape, context);
      surface.completion = read_completion(file, context);
    }
    // The rules on what was read (provenance, required metrics, names that
    // must match, values), shared with the writer.
    validate_surface(surface);
    return surface;
  } catch (const H5::Exception& e) {
    context.fail("/", "cannot be read as HDF5 (" + e.getDetailMsg() +
                          "); the file may be truncated or corrupt: regenerate or re-copy it");
  }
}

}  // namespace traces
