// End-to-end through the binary: exit codes, one-line errors, JSON fields.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/run_binary.h"
#include "traces/surface_file.h"

namespace {

using testing_support::run_edgetune;
using testing_support::shipped;

// One line on stderr, exit 2, mentioning `needle`.
void expect_one_line_error(const testing_support::CommandResult& r, const std::string& needle) {
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
}

std::string tiny_file() {
  const std::string path = testing_support::temp_path("cli-tiny.h5");
  traces::write_surface(testing_support::two_knob_surface(0.01), path, true);
  return path;
}

TEST(CliTest, HelpOnEverySubcommand) {
  for (const char* command : {"validate", "info", "oracle", "run", "synth", "list", "sweep",
                              "report", "train", "import", "export", "live", "fakeboard"}) {
    const auto r = run_edgetune(std::string(command) + " --help");
    EXPECT_EQ(r.exit_code, 0) << command;
    EXPECT_NE(r.out.find("usage: edgetune"), std::string::npos) << command;
  }
  EXPECT_EQ(run_edgetune("--help").exit_code, 0);
  expect_one_line_error(run_edgetune("frobnicate"), "unknown command");
}

TEST(CliTest, ValidateAcceptsShippedAndRejectsBadFiles) {
  EXPECT_EQ(run_edgetune("validate " + shipped("agx-orin_yolov8n.h5") + " " +
                         shipped("xavier-nx_yolov8x.h5"))
                .exit_code,
            0);
  const std::string text = testing_support::temp_path("not-a-surface.h5");
  std::ofstream(text) << "hello";
  expect_one_line_error(run_edgetune("validate " + text), "not an HDF5 file");
  expect_one_line_error(run_edgetune("validate /no/such.h5"), "no such file");
  expect_one_line_error(run_edgetune("validate " + std::filesystem::temp_directory_path().string()),
                        "directory");
  const std::string truncated = testing_support::temp_path("cli-truncated.h5");
  std::filesystem::copy_file(shipped("xavier-nx_yolov8n.h5"), truncated,
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::resize_file(truncated, 4096);
  expect_one_line_error(run_edgetune("validate " + truncated), truncated);
}

TEST(CliTest, InfoJsonDescribesTheSurface) {
  const auto r = run_edgetune("info " + shipped("agx-orin_yolov8x.h5") + " --json --dcor");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["device"], "jetson-agx-orin-64gb");
  EXPECT_EQ(j["model"], "yolov8x");
  EXPECT_EQ(j["grid_points"], 34944);
  EXPECT_EQ(j["knobs"].size(), 5u);
  EXPECT_LT(j["metrics"]["power"]["min"].get<double>(), j["metrics"]["power"]["max"].get<double>());
  EXPECT_GT(j["dcor"]["gpu_freq"]["throughput"].get<double>(),
            j["dcor"]["cpu_freq"]["throughput"].get<double>());
  EXPECT_FALSE(j["equal_throughput_power"].empty());
}

TEST(CliTest, OracleReportsOptimumOrNothingFeasible) {
  const std::string file = tiny_file();
  auto r =
      run_edgetune("oracle --surface " + file + " --goal max-throughput --power-budget 15 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j["feasible"].get<bool>());
  EXPECT_LE(j["power_w"].get<double>(), 15.0);
  EXPECT_TRUE(j["recommended"].contains("gpu_freq"));
  r = run_edgetune("oracle --surface " + file + " --goal max-throughput --power-budget 1 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  j = nlohmann::json::parse(r.out);
  EXPECT_FALSE(j["feasible"].get<bool>());
  EXPECT_TRUE(j["recommended"].is_null());
  r = run_edgetune("oracle --surface " + file + " --goal min-power --throughput-target 1e6");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("no configuration meets the goal"), std::string::npos);
}

TEST(CliTest, OracleWithSlackKeepsTheNoiseFromTheConstraint) {
  const std::string file = tiny_file();  // 1% noise
  const std::string goal = " --goal max-throughput --power-budget 15 --json";
  auto r = run_edgetune("oracle --surface " + file + goal);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto plain = nlohmann::json::parse(r.out);
  r = run_edgetune("oracle --surface " + file + goal + " --slack-sd 3");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto slack = nlohmann::json::parse(r.out);
  EXPECT_EQ(slack["slack_sd"], 3.0);
  EXPECT_LE(slack["power_w"].get<double>() * 1.03, 15.0);
  EXPECT_LE(slack["throughput_fps"].get<double>(), plain["throughput_fps"].get<double>());
  EXPECT_LT(slack["feasible_configurations"].get<int>(),
            plain["feasible_configurations"].get<int>());
  for (const char* bad : {"-1", "nan", "inf"})
    expect_one_line_error(run_edgetune("oracle --surface " + file + goal + " --slack-sd " + bad),
                          "--slack-sd is");
}

TEST(CliTest, RunJsonCarriesTheContractFieldsAndIsDeterministic) {
  const std::string args = "run --surface " + shipped("xavier-nx_yolov8s.h5") +
                           " --optimizer coral --goal dual --power-budget 12 --throughput-target "
                           "40 --seed 4 --json --quiet";
  const auto a = run_edgetune(args), b = run_edgetune(args);
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  EXPECT_TRUE(a.err.empty());
  const auto j = nlohmann::json::parse(a.out);
  for (const char* field :
       {"optimizer", "surface", "goal", "seed", "trials", "board_seconds", "recommended",
        "throughput_fps", "power_w", "feasible", "score", "oracle", "budget_violations"}) {
    EXPECT_TRUE(j.contains(field)) << field;
  }
  EXPECT_EQ(j["goal"]["kind"], "dual");
  EXPECT_LE(j["trials"].get<int>(), 30);
  EXPECT_DOUBLE_EQ(j["board_seconds"].get<double>(), 7.0 * j["trials"].get<int>());
  EXPECT_TRUE(j["oracle"].contains("recommended"));
}

TEST(CliTest, RunProgressAndTrace) {
  const std::string trace = testing_support::temp_path("trace.csv");
  const auto r = run_edgetune("run --surface " + tiny_file() +
                              " --optimizer random --goal min-power "
                              "--throughput-target 40 --trials 5 --trace " +
                              trace);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 5);  // one progress line per trial
  const std::string csv = testing_support::read_file(trace);
  EXPECT_EQ(csv.rfind("trial,gpu_freq,emc_freq,available,throughput_fps,power_w,cost_s\n", 0), 0u)
      << csv;
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 6);
}

// A recording that skipped every other GPU clock: info names the levels,
// and run searches only the recorded ones.
TEST(CliTest, RunLeavesOutLevelsNothingWasRecordedAt) {
  traces::Surface s = testing_support::two_knob_surface(0.01);
  for (std::size_t i = 0; i < s.space.size(); ++i) {
    if (s.space.config(i).level[0] % 2 == 1 && s.space.config(i).level[0] < 5) {
      for (auto* metrics : {&s.metrics, &s.metrics_std})
        for (auto& [name, metric] : *metrics) metric.values[i] = NAN;
    }
  }
  const std::string file = testing_support::temp_path("cli-skipped.h5"),
                    trace = testing_support::temp_path("skipped.csv");
  traces::write_surface(s, file, true);
  const auto info = run_edgetune("info " + file + " --json");
  ASSERT_EQ(info.exit_code, 0) << info.err;
  const auto skipped = nlohmann::json::parse(info.out)["skipped_levels"];
  EXPECT_EQ(skipped,
            nlohmann::json::parse(
                R"([{"knob":"gpu_freq","value":500.0},{"knob":"gpu_freq","value":900.0}])"));
  const auto r = run_edgetune("run --surface " + file +
                              " --optimizer random --goal max-throughput --power-budget 30 "
                              "--trials 16 --quiet --trace " +
                              trace);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string csv = testing_support::read_file(trace);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 17)
      << csv;  // every trial ran: 4 x 4 recorded
  EXPECT_EQ(csv.find(",500,"), std::string::npos) << csv;
  EXPECT_EQ(csv.find(",900,"), std::string::npos) << csv;
  EXPECT_EQ(csv.find(",0,"), std::string::npos) << "an unavailable trial:\n" << csv;
}

TEST(CliTest, NothingFeasibleIsRecordedNotAnError) {
  const auto r =
      run_edgetune("run --surface " + tiny_file() +
                   " --optimizer coral --goal max-throughput --power-budget 1 --json --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_FALSE(j["feasible"].get<bool>());
  EXPECT_TRUE(j["recommended"].is_null());
  EXPECT_EQ(j["score"].get<double>(), 0.0);
}

TEST(CliTest, BadInputIsOneLineAndExitTwo) {
  const std::string file = tiny_file();
  expect_one_line_error(run_edgetune("run --surface " + file +
                                     " --optimizer coral --goal max-throughput --power-budget -5"),
                        "--power-budget");
  expect_one_line_error(
      run_edgetune("run --surface " + file + " --optimizer coral --goal max-throughput --trials 0"),
      "--trials");
  expect_one_line_error(
      run_edgetune("run --surface " + file + " --optimizer annealing --goal max-throughput"),
      "known optimizers: coral");
  expect_one_line_error(run_edgetune("run --surface " + file + " --optimizer coral --goal fastest"),
                        "unknown --goal");
  expect_one_line_error(
      run_edgetune("run --surface " + file + " --optimizer coral --goal dual --power-budget 5"),
      "--throughput-target");
  expect_one_line_error(run_edgetune("oracle --surface /no/file.h5 --goal max-throughput"),
                        "no such file");
  expect_one_line_error(run_edgetune("oracle --goal max-throughput"), "surface");
  expect_one_line_error(run_edgetune("list knobs"), "cannot list");
  expect_one_line_error(run_edgetune("synth --device no-board --model yolov8n --out x.h5"),
                        "unknown device profile");
}

TEST(CliTest, SynthRefusesToOverwriteAndLeavesNoPartialFile) {
  const std::string out = testing_support::temp_path("synth.h5");
  std::filesystem::remove(out);
  auto r = run_edgetune("synth --device jetson-xavier-nx --model yolov8n --seed 9 --out " + out +
                        " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["grid_points"], 17280);
  expect_one_line_error(
      run_edgetune("synth --device jetson-xavier-nx --model yolov8n --out " + out), "--force");
  expect_one_line_error(
      run_edgetune("synth --device jetson-xavier-nx --model yolov8n --out /no/dir/x.h5"),
      "/no/dir");
  EXPECT_FALSE(std::filesystem::exists("/no/dir/x.h5"));
}

TEST(CliTest, ListOptimizersAndScenarios) {
  auto r = run_edgetune("list optimizers --json");
  ASSERT_EQ(r.exit_code, 0);
  std::vector<std::string> names;
  const auto listing = nlohmann::json::parse(r.out);
  for (const auto& o : listing["optimizers"]) names.push_back(o["name"].get<std::string>());
  for (const char* expected :
       {"coral", "coral-uniform", "exhaustive", "random", "static-maxn", "static-nvpmodel"})
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  r = run_edgetune("list scenarios --json");
  ASSERT_EQ(r.exit_code, 0);
  const auto sets = nlohmann::json::parse(r.out)["scenario_sets"];
  EXPECT_EQ(sets["paper"]["scenarios"].size(), 9u);
  EXPECT_EQ(sets["smoke"]["scenarios"].size(), 3u);
}

TEST(CliTest, WrittenSurfacesReadInH5py) {
  if (std::system("/usr/bin/python3 -c 'import h5py' 2>/dev/null") != 0)
    GTEST_SKIP() << "python3-h5py missing";
  const std::string file = tiny_file();
  const std::string script = testing_support::temp_path("read.py");
  std::ofstream(script)
      << "import h5py, sys\n"
         "f = h5py.File(sys.argv[1])\n"
         "axes = sorted(f['knobs'], key=lambda k: f['knobs'][k].attrs['axis'])\n"
         "fps, watts = f['metrics/throughput'][...], f['metrics/power'][...]\n"
         "assert axes == ['gpu_freq', 'emc_freq'], axes\n"
         "assert fps.shape == (6, 4) and watts.dtype == 'float64'\n"
         "assert f.attrs['format'] == 'performance-surface' and f.attrs['format_version'] == 1\n"
         "print(round(float(fps[5, 3]), 6))\n";
  const std::string out = testing_support::temp_path("h5py.out");
  ASSERT_EQ(std::system(("/usr/bin/python3 " + script + " " + file + " > " + out).c_str()), 0);
  const traces::Surface s = traces::load_surface(file);
  EXPECT_NEAR(std::stod(testing_support::read_file(out)),
              s.throughput_fps()[s.space.index(core::Config{{5, 3}})], 1e-6);
}

}  // namespace

namespace {

TEST(CliTest, TrainWritesReproducibleWeightsLeavingTheTargetOut) {
  const std::string a = testing_support::temp_path("maple-a.txt");
  const std::string b = testing_support::temp_path("maple-b.txt");
  const std::string target = testing_support::shipped("xavier-nx_yolov8n.h5");
  const auto r = testing_support::run_edgetune("train --optimizer maple-edge --json --surface " +
                                               target + " --out " + a);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["training_surfaces"].size(), 5u);
  for (const auto& name : j["training_surfaces"])
    EXPECT_NE(name.get<std::string>(), "xavier-nx_yolov8n");
  ASSERT_EQ(testing_support::run_edgetune("train --optimizer maple-edge --surface " + target +
                                          " --out " + b)
                .exit_code,
            0);
  EXPECT_EQ(testing_support::read_file(a), testing_support::read_file(b));
  expect_one_line_error(
      testing_support::run_edgetune("train --optimizer coral --surface " + target + " --out " + a),
      "dvfo, maple-edge");
  expect_one_line_error(
      testing_support::run_edgetune("train --optimizer dvfo --surface " + target +
                                    " --training-surfaces " + target + " --out " + a),
      "--training-surfaces");
}

// Flags that once slipped through: a negative seed wrapped to 2^64 - 1, an
// empty surface path, a file where the board's directory goes.
TEST(CliTest, BadSeedsPathsAndRootsAreOneLineErrors) {
  const std::string surface = testing_support::shipped("xavier-nx_yolov8n.h5");
  for (const char* seed : {"-1", "1e3", "18446744073709551616"}) {
    const auto r = run_edgetune("run --surface " + surface +
                                " --optimizer random --goal max-throughput --seed " + seed);
    expect_one_line_error(r, std::string("'") + seed + "' for option '--seed' is not a seed");
  }
  EXPECT_EQ(run_edgetune("run --surface " + surface +
                         " --optimizer random --goal max-throughput --trials 2 "
                         "--seed 18446744073709551615")
                .exit_code,
            0);
  expect_one_line_error(run_edgetune("run --surface '' --optimizer random --goal max-throughput"),
                        "the surface path is empty");
  const std::string file = testing_support::temp_path("not-a-dir");
  std::ofstream(file) << "x";
  expect_one_line_error(run_edgetune("fakeboard --surface " + surface + " --root " + file),
                        file + ": is a file, not a directory");
}

// Scripts that pass --json get the failure as one JSON object too.
TEST(CliTest, FailuresPrintOneJsonObjectWithJson) {
  auto r = run_edgetune("run --surface /no/such.h5 --optimizer coral --goal max-throughput --json");
  expect_one_line_error(r, "/no/such.h5: no such file");
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["command"], "run");
  EXPECT_EQ(j["kind"], "input");
  EXPECT_EQ(j["exit_code"], 2);
  EXPECT_NE(j["error"].get<std::string>().find("no such file"), std::string::npos);
  EXPECT_FALSE(j.contains("board_restored"));

  r = run_edgetune("list optimizers --json --bogus");
  EXPECT_EQ(nlohmann::json::parse(r.out)["kind"], "usage");

  r = run_edgetune(
      "live --sysfs-root /no/board --power-cap 10 --workload true --optimizer coral "
      "--goal max-throughput --json");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["command"], "live");
  EXPECT_EQ(j["board_restored"], true);
  // Without --json, stdout stays empty.
  EXPECT_EQ(run_edgetune("run --surface /no/such.h5 --optimizer coral --goal max-throughput").out,
            "");
}

}  // namespace

namespace {

// Errors are one line a terminal shows as it is, whatever the user typed
// or a file held: an option name with a line break gave two lines, escape
// sequences passed through raw, a sweep.json that is a JSON array and a
// shard count of 2^31-1 said "internal error".
TEST(CliTest, EveryErrorIsOneEscapedLine) {
  const auto newline = run_edgetune("validate '--no\nsuch'");
  expect_one_line_error(newline, "--no\\x0asuch");
  const auto escape = run_edgetune("validate '--\x1b[31mred'");
  expect_one_line_error(escape, "--\\x1b[31mred");

  const std::string dir = testing_support::temp_path("cli-array-sweep");
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/sweep.json") << "[1, 2]";
  expect_one_line_error(run_edgetune("report " + dir), "sweep.json: not a sweep record");
  std::ofstream(dir + "/sweep.json", std::ios::trunc)
      << R"({"plan": {"shard": {"index": 0, "count": 2147483647}}, "shard": {"runs_total": 4,)"
      << R"( "runs": [0], "sweep_command": "edgetune sweep", "knob_columns": []}})";
  expect_one_line_error(run_edgetune("merge --out " + dir + "-merged " + dir),
                        "its shard record is damaged");
  std::ofstream(dir + "/sweep.json", std::ios::trunc)
      << R"({"plan": {"shard": {"index": 4294967296, "count": 2}}, "shard": {"runs_total": 4,)"
      << R"( "runs": [0], "sweep_command": "edgetune sweep", "knob_columns": []}})";
  expect_one_line_error(run_edgetune("merge --out " + dir + "-merged " + dir),
                        "its shard record is damaged");
}

// import refuses what it once ignored or failed on late: a --scale of a
// column no option reads, and one name given twice.
TEST(CliTest, ImportRefusesAnUnusedScaleAndADuplicateName) {
  const std::string csv = testing_support::temp_path("cli-scale.csv");
  std::ofstream(csv) << "freq,fps,watts\n300,10,4\n";
  const std::string base = "import --csv " + csv + " --device b --model m --out " +
                           testing_support::temp_path("cli-scale.h5") + " --force ";
  expect_one_line_error(
      run_edgetune(base + "--knob gpu_freq=freq:MHz --metric throughput=fps:fps power=watts:W "
                          "--scale nosuch=2"),
      "--scale nosuch=...: no --knob or --metric reads a column called 'nosuch'");
  expect_one_line_error(
      run_edgetune(base + "--knob power=freq:MHz --metric throughput=fps:fps power=watts:W"),
      "'power' is named by two --knob/--metric options");
  // A Latin-1 id once passed, to break --json and Python later.
  expect_one_line_error(
      run_edgetune("import --csv " + csv + " --device 'caf\xe9' --model m --force --out " +
                   testing_support::temp_path("cli-latin1.h5") +
                   " --knob gpu_freq=freq:MHz --metric throughput=fps:fps power=watts:W"),
      "' is not valid UTF-8; give it in UTF-8");
}

}  // namespace
