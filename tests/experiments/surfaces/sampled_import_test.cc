// import of a sampled recording (experiments/surfaces/import_grid.h): the
// grid is the board's (device profile) or given per knob, every reading must
// lie on it, and the surface records which points were measured.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "core/errors.h"
#include "experiments/surfaces/import_grid.h"
#include "experiments/surfaces/surface_import.h"
#include "sim/device_profile.h"
#include "tests/support/run_binary.h"

namespace {

using testing_support::temp_path;

std::string write_csv(const std::string& name, const std::string& text) {
  const std::string path = temp_path(name);
  std::ofstream(path) << text;
  return path;
}

experiments::ImportSpec xavier_spec(const std::string& csv) {
  experiments::ImportSpec spec;
  spec.csv_files = {csv};
  for (const char* knob : {"cpu_freq", "cpu_cores", "gpu_freq", "emc_freq", "concurrency"})
    spec.knobs.push_back(
        {knob, knob,
         knob == std::string("cpu_cores") || knob == std::string("concurrency") ? "count" : "MHz"});
  spec.metrics = {{"throughput", "fps", "fps"}, {"power", "watts", "W"}};
  spec.device = "jetson-agx-xavier";
  spec.model = "yolov8n";
  spec.device_grid = true;
  return spec;
}

std::string error_of(const experiments::ImportSpec& spec) {
  try {
    experiments::import_surface(spec);
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "";
}

// Three configurations of an AGX Xavier, one read twice, one that could not
// run (OOM at 8 streams).
const char* const kXavierSample =
    "cpu_freq,cpu_cores,gpu_freq,emc_freq,concurrency,fps,watts\n"
    "2265.6,8,1377,2133,4,120,28.0\n"
    "729.6,2,114.75,204,1,6,7.5\n"
    "2265.6,8,1377,2133,4,122,28.4\n"
    "1497.6,4,675.75,1331.2,8,nan,nan\n";

TEST(SampledImportTest, ASampleLiesOnTheBoardsWholeGrid) {
  const traces::Surface s =
      experiments::import_surface(xavier_spec(write_csv("xs.csv", kXavierSample)));
  const sim::DeviceProfile xavier = sim::load_device_profile("jetson-agx-xavier");
  ASSERT_EQ(s.space.num_knobs(), 5u);
  for (std::size_t k = 0; k < 5; ++k)
    EXPECT_EQ(s.space.knob(k).values, xavier.knobs()[k].values) << s.space.knob(k).name;
  EXPECT_EQ(s.space.size(), 6u * 4 * 14 * 4 * 8);
  EXPECT_EQ(s.measured_points(), 3u);
  EXPECT_TRUE(s.has_unknown_points());
  const core::Config top = {{5, 3, 13, 3, 3}};
  EXPECT_EQ(s.measured[s.space.index(top)], 1);
  EXPECT_EQ(s.throughput_fps()[s.space.index(top)], 121);
  const core::Config oom = {{2, 1, 6, 2, 7}};
  EXPECT_EQ(s.measured[s.space.index(oom)], 1) << "measured, could not run";
  EXPECT_FALSE(s.available(s.space.index(oom)));
}

// Unicorn's AGX Xavier samples hold CPU frequencies in kHz in their
// gpu_freq column: caught at import, naming the column and the table.
TEST(SampledImportTest, AColumnOffTheBoardsTableIsRefusedNamingColumnAndTable) {
  const std::string csv = write_csv("xs-bad.csv",
                                    "cpu_freq,cpu_cores,gpu_freq,emc_freq,concurrency,fps,watts\n"
                                    "2265.6,8,1377,2133,4,120,28.0\n"
                                    "2265.6,8,1190400,2133,4,120,28.0\n");
  experiments::ImportSpec spec = xavier_spec(csv);
  spec.scale = {{"gpu_freq", 1.0}};
  const std::string message = error_of(spec);
  EXPECT_NE(message.find(csv + ": row 3: column 'gpu_freq' (--knob gpu_freq) holds 1.1904e+06, "
                               "which is not one of the 14 levels of jetson-agx-xavier's gpu_freq "
                               "table"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("114.75 .. 1377 MHz"), std::string::npos) << message;
}

TEST(SampledImportTest, LevelsCanBeGivenPerKnob) {
  experiments::ImportSpec spec = xavier_spec(write_csv("xs-levels.csv", kXavierSample));
  spec.levels["concurrency"] = {1, 2, 4, 8, 16};
  const traces::Surface s = experiments::import_surface(spec);
  EXPECT_EQ(s.space.knob(4).values, (std::vector<double>{1, 2, 4, 8, 16}));
  spec.levels["concurrency"] = {1, 2, 8};
  EXPECT_NE(error_of(spec).find("the --levels concurrency list"), std::string::npos);
  spec.levels = {{"streams", {1, 2}}};
  EXPECT_NE(error_of(spec).find("no --knob is called 'streams'"), std::string::npos);
  spec.device = "jetson-nosuch";
  spec.levels.clear();
  EXPECT_NE(error_of(spec).find("no device profile has id 'jetson-nosuch' (there are: "),
            std::string::npos);
}

TEST(SampledImportTest, LevelListsParseOrAreRefusedInOneLine) {
  EXPECT_EQ(experiments::parse_levels("concurrency=1:4").second, (std::vector<double>{1, 2, 3, 4}));
  EXPECT_EQ(experiments::parse_levels("gpu_freq=114.75,216.75").second,
            (std::vector<double>{114.75, 216.75}));
  for (const char* bad : {"concurrency", "=1:4", "c=", "c=4:1", "c=1.5:4", "c=1:100000", "c=2,1",
                          "c=1,,2", "c=x", "c=1,inf"}) {
    EXPECT_THROW(experiments::parse_levels(bad), core::InputError) << bad;
  }
}

TEST(SampledImportTest, TheCommandImportsASampleOnTheDeviceGrid) {
  const std::string csv = write_csv("xs-cli.csv", kXavierSample);
  const std::string out = temp_path("xs-cli.h5");
  const auto r = testing_support::run_edgetune(
      "import --csv " + csv +
      " --knob cpu_freq=cpu_freq:MHz cpu_cores=cpu_cores:count gpu_freq=gpu_freq:MHz "
      "emc_freq=emc_freq:MHz concurrency=concurrency:count --metric throughput=fps:fps "
      "power=watts:W --device jetson-agx-xavier --model yolov8n --grid device --force --out " +
      out);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("3 of 10752 points measured"), std::string::npos) << r.out;
  const auto bad = testing_support::run_edgetune("import --csv " + csv +
                                                 " --knob c=cpu_freq:MHz --metric "
                                                 "throughput=fps:fps power=watts:W --device d "
                                                 "--model m --grid board --out " +
                                                 out + "2");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--grid 'board' is not readings or device"), std::string::npos) << bad.err;
}

}  // namespace
