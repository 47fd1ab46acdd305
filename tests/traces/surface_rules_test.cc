// One test per rule of surface-format.md: a good file is written, broken in
// exactly one way with the raw HDF5 API, and must be rejected with a message
// naming the file, the object and the rule.
#include <H5Cpp.h>
#include <gtest/gtest.h>

#include <functional>
#include <optional>

#include "core/errors.h"
#include "tests/support/tiny_surface.h"
#include "traces/hdf5_util.h"
#include "traces/surface_file.h"

namespace {

using Breakage = std::function<void(H5::H5File&)>;

void replace_string_attribute(H5::H5Object& object, const std::string& name,
                              const std::string& value) {
  if (object.attrExists(name)) object.removeAttr(name);
  traces::write_string_attribute(object, name, value);
}

void replace_dataset(H5::Group& group, const std::string& name, const std::vector<double>& values,
                     const std::vector<hsize_t>& dims, const H5::DataType& type,
                     const std::string& unit, std::optional<long long> axis) {
  group.unlink(name);
  H5::DataSet d =
      group.createDataSet(name, type, H5::DataSpace(static_cast<int>(dims.size()), dims.data()));
  d.write(values.data(), H5::PredType::NATIVE_DOUBLE);
  if (!unit.empty()) traces::write_string_attribute(d, "unit", unit);
  if (axis) traces::write_int_attribute(d, "axis", *axis);
}

// Writes a good surface, applies `breakage`, and returns the load error.
std::string load_error(const std::string& name, const Breakage& breakage) {
  const std::string path = testing_support::temp_path(name + ".h5");
  traces::write_surface(testing_support::two_knob_surface(0.01), path, true);
  {
    H5::H5File file(path, H5F_ACC_RDWR);
    breakage(file);
  }
  try {
    traces::load_surface(path);
  } catch (const core::InputError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind(path + ": ", 0), 0u) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos);
    return message;
  }
  ADD_FAILURE() << name << ": the broken file loaded";
  return "";
}

void expect_rule(const std::string& name, const Breakage& breakage, const std::string& expected) {
  const std::string message = load_error(name, breakage);
  EXPECT_NE(message.find(expected), std::string::npos) << name << ": " << message;
}

std::vector<double> grid(double v) { return std::vector<double>(24, v); }

TEST(SurfaceRulesTest, RootAttributes) {
  expect_rule(
      "no-format", [](H5::H5File& f) { f.openGroup("/").removeAttr("format"); },
      "/: missing required attribute 'format'");
  expect_rule(
      "bad-format",
      [](H5::H5File& f) {
        auto g = f.openGroup("/");
        replace_string_attribute(g, "format", "csv");
      },
      "expected 'performance-surface'");
  expect_rule(
      "version-3",
      [](H5::H5File& f) {
        auto g = f.openGroup("/");
        g.removeAttr("format_version");
        traces::write_int_attribute(g, "format_version", 3);
      },
      "format_version 3 is not supported (this edgetune reads versions 1 and 2)");
  expect_rule(
      "version-string",
      [](H5::H5File& f) {
        auto g = f.openGroup("/");
        replace_string_attribute(g, "format_version", "1");
      },
      "'format_version' must be a single integer");
  expect_rule(
      "no-device", [](H5::H5File& f) { f.openGroup("/").removeAttr("device"); }, "'device'");
  expect_rule(
      "no-model", [](H5::H5File& f) { f.openGroup("/").removeAttr("model"); }, "'model'");
  expect_rule(
      "bad-provenance",
      [](H5::H5File& f) {
        auto g = f.openGroup("/");
        replace_string_attribute(g, "provenance", "guessed");
      },
      "expected 'recorded' or 'synthetic'");
}

TEST(SurfaceRulesTest, Knobs) {
  expect_rule(
      "no-knobs", [](H5::H5File& f) { f.unlink("knobs"); }, "/knobs: missing required group");
  expect_rule(
      "not-increasing",
      [](H5::H5File& f) {
        auto g = f.openGroup("knobs");
        replace_dataset(g, "gpu_freq", {300, 500, 500, 900, 1100, 1300}, {6},
                        H5::PredType::IEEE_F64LE, "MHz", 0);
      },
      "/knobs/gpu_freq: values not strictly increasing");
  expect_rule(
      "no-unit",
      [](H5::H5File& f) { f.openGroup("knobs").openDataSet("emc_freq").removeAttr("unit"); },
      "/knobs/emc_freq: missing required attribute 'unit'");
  expect_rule(
      "no-axis",
      [](H5::H5File& f) { f.openGroup("knobs").openDataSet("emc_freq").removeAttr("axis"); },
      "/knobs/emc_freq: missing required attribute 'axis'");
  expect_rule(
      "duplicate-axis",
      [](H5::H5File& f) {
        auto d = f.openGroup("knobs").openDataSet("emc_freq");
        d.removeAttr("axis");
        traces::write_int_attribute(d, "axis", 0);
      },
      "axis 0 used by another knob");
  expect_rule(
      "axis-out-of-range",
      [](H5::H5File& f) {
        auto d = f.openGroup("knobs").openDataSet("emc_freq");
        d.removeAttr("axis");
        traces::write_int_attribute(d, "axis", 5);
      },
      "axis 5 out of range 0..1");
  expect_rule(
      "empty-knob",
      [](H5::H5File& f) {
        auto g = f.openGroup("knobs");
        g.unlink("emc_freq");
        hsize_t zero = 0;
        auto d = g.createDataSet("emc_freq", H5::PredType::IEEE_F64LE, H5::DataSpace(1, &zero));
        traces::write_string_attribute(d, "unit", "MHz");
        traces::write_int_attribute(d, "axis", 1);
      },
      "must have at least one value");
  expect_rule(
      "string-knob",
      [](H5::H5File& f) {
        auto g = f.openGroup("knobs");
        g.unlink("emc_freq");
        H5::StrType type(H5::PredType::C_S1, 8);
        hsize_t four = 4;
        auto d = g.createDataSet("emc_freq", type, H5::DataSpace(1, &four));
        d.write(std::string(32, 'x').c_str(), type);
      },
      "values must be integer or floating point");
  // 8 knobs of 256 values: 2^64 points, which a plain product wraps to 0;
  // such a 27 KB file (metrics declared, never written) passed as
  // "ok (0 points)" and crashed run. Refused before any metric is read.
  expect_rule(
      "2^64-points",
      [](H5::H5File& f) {
        f.unlink("knobs");
        f.unlink("metrics");
        H5::Group knobs = f.createGroup("knobs");
        std::vector<double> values(256);
        for (int v = 0; v < 256; ++v) values[v] = v + 1;
        const hsize_t n = 256;
        for (int k = 0; k < 8; ++k) {
          auto d = knobs.createDataSet("k" + std::to_string(k), H5::PredType::IEEE_F64LE,
                                       H5::DataSpace(1, &n));
          d.write(values.data(), H5::PredType::NATIVE_DOUBLE);
          traces::write_string_attribute(d, "unit", "MHz");
          traces::write_int_attribute(d, "axis", k);
        }
        H5::Group metrics = f.createGroup("metrics");
        const std::vector<hsize_t> dims(8, 256), chunk(8, 1);
        H5::DSetCreatPropList chunked;
        chunked.setChunk(8, chunk.data());
        for (const char* name : {"throughput", "power"}) {
          auto d = metrics.createDataSet(name, H5::PredType::IEEE_F64LE,
                                         H5::DataSpace(8, dims.data()), chunked);
          traces::write_string_attribute(d, "unit", name[0] == 't' ? "fps" : "W");
        }
      },
      "/knobs: span a grid of 256 x 256 x 256 x 256 x 256 x 256 x 256 x 256 levels, more than "
      "the 134217728 points a surface may");
}

TEST(SurfaceRulesTest, Metrics) {
  expect_rule(
      "no-metrics", [](H5::H5File& f) { f.unlink("metrics"); }, "/metrics: missing required group");
  expect_rule(
      "no-power", [](H5::H5File& f) { f.openGroup("metrics").unlink("power"); },
      "/metrics/power: missing required metric");
  expect_rule(
      "float32",
      [](H5::H5File& f) {
        auto g = f.openGroup("metrics");
        replace_dataset(g, "power", grid(5), {6, 4}, H5::PredType::IEEE_F32LE, "W", std::nullopt);
      },
      "/metrics/power: values must be float64");
  expect_rule(
      "wrong-shape",
      [](H5::H5File& f) {
        auto g = f.openGroup("metrics");
        replace_dataset(g, "power", grid(5), {4, 6}, H5::PredType::IEEE_F64LE, "W", std::nullopt);
      },
      "shape (4, 6) does not match the knob axes (6, 4)");
  expect_rule(
      "metric-no-unit",
      [](H5::H5File& f) { f.openGroup("metrics").openDataSet("throughput").removeAttr("unit"); },
      "/metrics/throughput: missing required attribute 'unit'");
  expect_rule(
      "group-in-metrics",
      [](H5::H5File& f) { traces::create_group(f.openGroup("metrics"), "nested"); },
      "/metrics/nested: must be a dataset");
}

TEST(SurfaceRulesTest, OptionalGroups) {
  expect_rule(
      "std-of-nothing",
      [](H5::H5File& f) {
        auto g = f.openGroup("metrics_std");
        hsize_t dims[2] = {6, 4};
        auto d = g.createDataSet("latency", H5::PredType::IEEE_F64LE, H5::DataSpace(2, dims));
        d.write(grid(1).data(), H5::PredType::NATIVE_DOUBLE);
      },
      "/metrics_std/latency: names no dataset in /metrics");
  expect_rule(
      "std-shape",
      [](H5::H5File& f) {
        auto g = f.openGroup("metrics_std");
        replace_dataset(g, "power", std::vector<double>(6, 1), {6}, H5::PredType::IEEE_F64LE, "",
                        std::nullopt);
      },
      "/metrics_std/power: shape (6,) does not match");
  expect_rule(
      "repeats-shape",
      [](H5::H5File& f) {
        auto g = traces::create_group(f.openGroup("/"), "repeats");
        hsize_t dims[2] = {6, 4};
        auto d = g.createDataSet("power", H5::PredType::IEEE_F64LE, H5::DataSpace(2, dims));
        d.write(grid(1).data(), H5::PredType::NATIVE_DOUBLE);
      },
      "/repeats/power: shape (6, 4) must be the knob axes plus one repeat axis");
}

// Replaces /<group>/<metric> with a constant (0.01 for deviations, small
// against the metrics; 7 for the metrics, in their units) but for value `v`
// at point 5 (gpu_freq=500 emc_freq=1600).
Breakage with_value_at_5(const char* group, const char* metric, double v) {
  return [=](H5::H5File& f) {
    auto g = f.openGroup(group);
    std::vector<double> values(24, std::string(group) == "metrics_std" ? 0.01 : 7.0);
    values[5] = v;
    replace_dataset(g, metric, values, {6, 4}, H5::PredType::IEEE_F64LE,
                    std::string(metric) == "throughput" ? "fps" : "W", std::nullopt);
  };
}

// Throughput, power and deviations are magnitudes; NaN marks a point not
// measured, and zero throughput (a configuration that ran and stalled) is a
// measurement.
TEST(SurfaceRulesTest, MagnitudesAreFiniteAndNotNegative) {
  const std::string at = " at gpu_freq=500 emc_freq=1600 is not a finite number >= 0";
  expect_rule("negative-power", with_value_at_5("metrics", "power", -1.0),
              "/metrics/power: value -1" + at);
  expect_rule("infinite-fps", with_value_at_5("metrics", "throughput", INFINITY),
              "/metrics/throughput: value inf" + at);
  expect_rule(
      "negative-std", with_value_at_5("metrics_std", "power", -0.5),
      "/metrics_std/power: value -0.5 at gpu_freq=500 emc_freq=1600 is not a standard deviation");
  expect_rule(
      "negative-repeat",
      [](H5::H5File& f) {
        auto g = traces::create_group(f.openGroup("/"), "repeats");
        std::vector<double> values(48, 7.0);
        values[11] = -3.0;  // point 5, repeat 1
        hsize_t dims[3] = {6, 4, 2};
        g.createDataSet("power", H5::PredType::IEEE_F64LE, H5::DataSpace(3, dims))
            .write(values.data(), H5::PredType::NATIVE_DOUBLE);
      },
      "/repeats/power: value -3" + at);
  for (const double fine : {0.0, static_cast<double>(NAN)}) {
    const std::string path = testing_support::temp_path("zero-or-nan.h5");
    traces::write_surface(testing_support::two_knob_surface(0.01), path, true);
    {
      H5::H5File file(path, H5F_ACC_RDWR);
      with_value_at_5("metrics", "throughput", fine)(file);
      file.unlink("metrics_std");  // a zero metric has no spread
    }
    EXPECT_NO_THROW(traces::load_surface(path)) << fine;
  }
}

// What a measurement's spread and repeats can be, units, and strings that
// reach a terminal.
TEST(SurfaceRulesTest, ValuesTheFormatRefuses) {
  auto set_attribute = [](const char* name, const char* value) {
    return [=](H5::H5File& f) { replace_string_attribute(f, name, value); };
  };
  expect_rule("huge-std", with_value_at_5("metrics_std", "power", 1e300),
              "/metrics_std/power: value 1e+300 at gpu_freq=500 emc_freq=1600 is not a standard "
              "deviation of the metric's");
  expect_rule("nan-std", with_value_at_5("metrics_std", "power", NAN),
              "/metrics_std/power: value nan at");
  expect_rule(
      "huge-repeat",
      [](H5::H5File& f) {
        auto g = traces::create_group(f.openGroup("/"), "repeats");
        std::vector<double> values(48, 7.0);
        auto power = f.openDataSet("metrics/power");
        std::vector<double> metric(24);
        power.read(metric.data(), H5::PredType::NATIVE_DOUBLE);
        for (std::size_t i = 0; i < 48; ++i) values[i] = metric[i / 2];
        values[11] = 1e300;  // point 5, repeat 1
        hsize_t dims[3] = {6, 4, 2};
        g.createDataSet("power", H5::PredType::IEEE_F64LE, H5::DataSpace(3, dims))
            .write(values.data(), H5::PredType::NATIVE_DOUBLE);
      },
      "/repeats/power: repeat 1 (1e+300) at gpu_freq=500 emc_freq=1600 is not a reading");
  expect_rule(
      "bananas",
      [](H5::H5File& f) {
        auto d = f.openDataSet("metrics/power");
        d.removeAttr("unit");
        traces::write_string_attribute(d, "unit", "bananas");
      },
      "/metrics/power: unit 'bananas' is not the standard unit of 'power' ('W')");
  expect_rule("newline-device", set_attribute("device", "orin\nok"),
              "/: attribute 'device' 'orin\\x0aok' holds a control character");
  expect_rule("escape-model", set_attribute("model", "\x1b[31myolo"),
              "/: attribute 'model' '\\x1b[31myolo' holds a control character");
  expect_rule("escape-format", set_attribute("format", "\x1b[2J"),
              "attribute 'format' is '\\x1b[2J', expected 'performance-surface'");
  // A dataspace that claims a billion values (what a damaged file looked
  // like to the fuzzer) is refused before anything is allocated.
  expect_rule(
      "huge-knob",
      [](H5::H5File& f) {
        auto g = f.openGroup("knobs");
        g.unlink("gpu_freq");
        const hsize_t dims[1] = {hsize_t{1} << 30}, chunk[1] = {1024};
        H5::DSetCreatPropList chunked;
        chunked.setChunk(1, chunk);
        auto d =
            g.createDataSet("gpu_freq", H5::PredType::IEEE_F64LE, H5::DataSpace(1, dims), chunked);
        traces::write_string_attribute(d, "unit", "MHz");
        traces::write_int_attribute(d, "axis", 0);
      },
      "/knobs/gpu_freq: holds 1073741824 values, more than the 134217728 a surface may");
  // A description is free text over lines; escapes are still refused.
  const std::string path = testing_support::temp_path("multi-line.h5");
  traces::Surface s = testing_support::two_knob_surface(0.01);
  s.description = "line one\n\tline two";
  traces::write_surface(s, path, true);
  EXPECT_EQ(traces::load_surface(path).description, s.description);
  expect_rule("escape-description",
              set_attribute("description",
                            "a\x07"
                            "b"),
              "attribute 'description' 'a\\x07b' holds a control character");
}

TEST(SurfaceRulesTest, InMemoryValidationAppliesTheSameRules) {
  traces::Surface s = testing_support::two_knob_surface();
  s.metrics["power"].values.pop_back();
  EXPECT_THROW(traces::validate_surface(s), core::InputError);
  s = testing_support::two_knob_surface();
  s.provenance = "made-up";
  EXPECT_THROW(traces::validate_surface(s), core::InputError);
  s = testing_support::two_knob_surface();
  s.metrics.erase("throughput");
  EXPECT_THROW(traces::validate_surface(s), core::InputError);
}

}  // namespace
