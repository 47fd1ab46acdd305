// edgetune import / export: recorded long-format tables to a surface and
// back, pooled readings, and bad tables as one line naming file, row and
// column with no output file.
#include "experiments/surfaces/surface_import.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/errors.h"
#include "tests/support/run_binary.h"
#include "traces/surface_file.h"

namespace {

using testing_support::run_edgetune;
using testing_support::temp_path;

std::string write_csv(const std::string& name, const std::string& text) {
  const std::string path = temp_path(name);
  std::ofstream(path) << text;
  return path;
}

experiments::ImportSpec spec_for(const std::string& csv) {
  experiments::ImportSpec spec;
  spec.csv_files = {csv};
  spec.knobs = {{"gpu_freq", "freq", "MHz"}, {"concurrency", "streams", "count"}};
  spec.metrics = {{"throughput", "fps", "fps"}, {"power", "watts", "W"}};
  spec.scale = {{"freq", 1e-6}};
  spec.device = "test-board";
  spec.model = "test-model";
  return spec;
}

// Two GPU clocks (in Hz) x two stream counts, three readings each, rows
// shuffled; one configuration never measured.
const char* const kThreeReadings =
    "freq,streams,fps,watts\n"
    "600000000,1,20,5.0\n"
    "300000000,1,10,4.0\n"
    "600000000,1,22,5.2\n"
    "300000000,2,18,4.4\n"
    "300000000,1,11,4.1\n"
    "600000000,1,21,5.1\n"
    "300000000,2,17,4.5\n"
    "300000000,1,12,4.2\n"
    "300000000,2,19,4.6\n";

TEST(SurfaceImportTest, PoolsReadingsOnTheSortedGrid) {
  const traces::Surface s =
      experiments::import_surface(spec_for(write_csv("three.csv", kThreeReadings)));
  EXPECT_EQ(s.provenance, "recorded");
  EXPECT_EQ(s.space.knob(0).values, (std::vector<double>{300, 600}));
  EXPECT_EQ(s.space.knob(1).values, (std::vector<double>{1, 2}));
  // Row-major: (300,1) (300,2) (600,1) (600,2).
  EXPECT_EQ(s.throughput_fps()[0], 11);  // median of 10, 11, 12
  EXPECT_EQ(s.throughput_fps()[1], 18);
  EXPECT_EQ(s.throughput_fps()[2], 21);
  EXPECT_TRUE(std::isnan(s.throughput_fps()[3])) << "never measured";
  EXPECT_NEAR(s.metrics_std.at("throughput").values[0], 1.0, 1e-12);
  EXPECT_NEAR(s.metrics_std.at("power").values[1], 0.1, 1e-12);
  const traces::RepeatedMetric& r = s.repeats.at("power");
  ASSERT_EQ(r.repeats, 3u);
  EXPECT_EQ(std::vector<double>(r.values.begin() + 6, r.values.begin() + 9),
            (std::vector<double>{5.0, 5.2, 5.1}))
      << "file order";
}

TEST(SurfaceImportTest, UnevenReadingCountsGiveMediansOnly) {
  const traces::Surface s =
      experiments::import_surface(spec_for(write_csv("uneven.csv",
                                                     "freq,streams,fps,watts\n300000000,1,10,4\n"
                                                     "300000000,1,12,4.2\n600000000,1,20,5\n")));
  EXPECT_EQ(s.throughput_fps()[0], 11);
  EXPECT_TRUE(s.repeats.empty());
  EXPECT_TRUE(s.metrics_std.empty());
}

TEST(SurfaceImportTest, ExportThenImportGivesTheSameSurface) {
  const traces::Surface first =
      experiments::import_surface(spec_for(write_csv("round.csv", kThreeReadings)));
  const std::string exported = temp_path("round-exported.csv");
  experiments::export_surface_csv(first, exported);
  experiments::ImportSpec again = spec_for(exported);
  again.knobs = {{"gpu_freq", "gpu_freq", "MHz"}, {"concurrency", "concurrency", "count"}};
  again.metrics = {{"throughput", "throughput", "fps"}, {"power", "power", "W"}};
  again.scale.clear();
  const traces::Surface second = experiments::import_surface(again);
  EXPECT_EQ(second.space.knobs(), first.space.knobs());
  for (auto group : {&traces::Surface::metrics, &traces::Surface::metrics_std}) {
    ASSERT_EQ((second.*group).size(), (first.*group).size());
    for (const auto& [name, m] : first.*group) {
      const auto& back = (second.*group).at(name).values;
      ASSERT_EQ(back.size(), m.values.size());
      EXPECT_EQ(0, std::memcmp(back.data(), m.values.data(), back.size() * sizeof(double))) << name;
    }
  }
  EXPECT_EQ(0, std::memcmp(second.repeats.at("power").values.data(),
                           first.repeats.at("power").values.data(),
                           first.repeats.at("power").values.size() * sizeof(double)));
}

TEST(SurfaceImportTest, BadTablesAreOneLineNamingFileRowAndColumnAndWriteNothing) {
  const std::string out = temp_path("bad-import.h5");
  std::filesystem::remove(out);
  const std::string flags =
      " --knob gpu_freq=freq:MHz concurrency=streams:count --metric throughput=fps:fps "
      "power=watts:W --device b --model m --out " +
      out;
  struct Case {
    const char* name;
    const char* table;
    std::string expected;
  };
  const Case cases[] = {
      {"missing.csv", "freq,fps,watts\n1,2,3\n",
       "no column 'streams' (columns: freq, fps, watts); "
       "check --knob concurrency"},
      {"text.csv", "freq,streams,fps,watts\n300,1,ten,4\n",
       "row 2, column 'fps': 'ten' is not a number"},
      {"knob-nan.csv", "freq,streams,fps,watts\n300,,10,4\n",
       "row 2, column 'streams': '' is not a finite number"},
      {"empty.csv", "", "empty; expected a header row"},
      {"header-only.csv", "freq,streams,fps,watts\n", "has a header but no rows"},
      {"short-row.csv", "freq,streams,fps,watts\n300,1,10\n",
       "row 2 has 3 fields, no column 'watts'"},
  };
  for (const Case& c : cases) {
    const std::string csv = write_csv(c.name, c.table);
    const auto r = run_edgetune("import --csv " + csv + flags);
    EXPECT_EQ(r.exit_code, 2) << c.name << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find(csv + ": " + c.expected), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(out)) << c.name;
  }
  const auto unit = run_edgetune("import --csv " + write_csv("unit.csv", kThreeReadings) +
                                 " --knob gpu_freq=freq:MHz concurrency=streams:count --metric "
                                 "throughput=fps:fps power=watts:mW --device b --model m --out " +
                                 out);
  EXPECT_NE(unit.err.find("unit 'mW' is not the standard unit of 'power' ('W')"), std::string::npos)
      << unit.err;

  const auto flag = run_edgetune(
      "import --csv x.csv --knob gpu_freq --metric a=b:c --device b "
      "--model m --out " +
      out);
  EXPECT_NE(flag.err.find("--knob 'gpu_freq' is not NAME=COLUMN:UNIT"), std::string::npos)
      << flag.err;
}

// 12,000 readings with distinct clocks on two knobs span a 1.44e8-point
// grid: once 44 s and 10 GB before a file nothing could read; now refused
// before the grid is allocated, with the limit the reader applies.
TEST(SurfaceImportTest, AGridBeyondTheSurfaceLimitIsRefusedBeforeAllocating) {
  std::string table = "freq,streams,fps,watts\n";
  for (int i = 0; i < 12000; ++i)
    table += std::to_string(i + 1) + "," + std::to_string(i + 1) + ",1,1\n";
  const std::string csv = write_csv("huge-grid.csv", table);
  try {
    experiments::import_surface(spec_for(csv));
    FAIL() << "a 1.44e8-point grid was imported";
  } catch (const core::InputError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("(gpu_freq 12000, concurrency 12000) span more than the 134217728 grid "
                           "points a surface may"),
              std::string::npos)
        << message;
  }
}

// A table that never ends (/dev/zero: NUL bytes, no newline) was read
// forever; now refused at the first over-long line.
TEST(SurfaceImportTest, AnEndlessStreamIsRefusedAtItsFirstOverLongLine) {
  try {
    experiments::import_surface(spec_for("/dev/zero"));
    FAIL() << "/dev/zero was imported";
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("/dev/zero: line 1 is longer than 1048576 bytes"),
              std::string::npos)
        << e.what();
  }
}

// Spreadsheets write "UTF-8 CSV" with a byte-order mark before the header.
TEST(SurfaceImportTest, AByteOrderMarkBeforeTheHeaderIsSkipped) {
  const std::string csv = write_csv("bom.csv", std::string("\xEF\xBB\xBF") + kThreeReadings);
  const traces::Surface s = experiments::import_surface(spec_for(csv));
  EXPECT_EQ(s.space.size(), 4u);
}

// Every writer checks its destination before the work: export once
// replaced its own input with CSV, left DIR.tmp beside a directory and
// overwrote files silently; import wrote a surface under a name it then
// could not report.
TEST(SurfaceImportTest, ExportAndImportCheckTheirDestinationFirst) {
  const std::string surface = temp_path("export-input.h5");
  ASSERT_EQ(run_edgetune("import --csv " + write_csv("export-input.csv", kThreeReadings) +
                         " --knob gpu_freq=freq:MHz concurrency=streams:count --metric "
                         "throughput=fps:fps power=watts:W --device b --model m --force --out " +
                         surface)
                .exit_code,
            0);
  const std::string bytes = testing_support::read_file(surface);
  const std::string dir = temp_path("export-dir");
  std::filesystem::create_directories(dir);
  const std::string existing = write_csv("export-existing.csv", "keep me\n");
  struct Case {
    std::string args, expected;
  };
  for (const Case& c : {Case{surface + " --out " + surface, "is an input of this command"},
                        Case{surface + " --out " + surface + " --force", "is an input"},
                        Case{surface + " --out " + dir, "is a directory"},
                        Case{surface + " --out " + existing, "exists; pass --force"},
                        Case{surface + " --out " + dir + "/no/such.csv", "does not exist"}}) {
    const auto r = run_edgetune("export " + c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args << ": " << r.err;
    EXPECT_NE(r.err.find(c.expected), std::string::npos) << c.args << ": " << r.err;
  }
  EXPECT_EQ(testing_support::read_file(surface), bytes);
  EXPECT_EQ(testing_support::read_file(existing), "keep me\n");
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::path(dir).parent_path()))
    EXPECT_EQ(entry.path().string().find(dir + ".tmp"), std::string::npos) << entry.path();
  ASSERT_EQ(run_edgetune("export " + surface + " --out " + existing + " --force").exit_code, 0);

  const std::string latin1 = temp_path("caf\xE9.h5");
  const auto r =
      run_edgetune("import --csv " + write_csv("latin1.csv", kThreeReadings) +
                   " --knob gpu_freq=freq:MHz concurrency=streams:count --metric "
                   "throughput=fps:fps power=watts:W --device b --model m --json --out " +
                   latin1);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("the name is not valid UTF-8"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(latin1));
}

TEST(SurfaceImportTest, TheCommandWritesARecordedSurfaceThatValidates) {
  const std::string out = temp_path("imported.h5");
  const auto r = run_edgetune(
      "import --csv " + write_csv("cli.csv", kThreeReadings) +
      " --knob gpu_freq=freq:MHz concurrency=streams:count --metric throughput=fps:fps "
      "power=watts:W --scale freq=1e-6 --device test-board --model test-model --force --json "
      "--out " +
      out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"measured_points\": 3"), std::string::npos) << r.out;
  EXPECT_EQ(run_edgetune("validate " + out).exit_code, 0);
  // Scratch names are per process id, and ids are reused: a file an earlier
  // run left would (rightly) be refused without --force.
  std::filesystem::remove(temp_path("cli-export.csv"));
  const auto exported = run_edgetune("export " + out + " --out " + temp_path("cli-export.csv"));
  EXPECT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_EQ(testing_support::read_file(temp_path("cli-export.csv")).substr(0, 38),
            "gpu_freq,concurrency,power,throughput\n");
}

}  // namespace
