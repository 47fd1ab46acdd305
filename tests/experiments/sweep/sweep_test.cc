// `edgetune sweep` and `edgetune report` end to end: determinism across
// thread counts, resume after a kill, refusal to mix sweeps, error rows, and
// files that pandas and h5py read.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "core/directory_lock.h"
#include "experiments/tables/csv.h"
#include "tests/support/run_binary.h"
#include "traces/surface_file.h"

namespace {

namespace fs = std::filesystem;
using testing_support::read_file;
using testing_support::run_edgetune;
using testing_support::shipped;
using testing_support::temp_path;

const char* const kTables[] = {"runs.csv", "trials.csv", "results.h5"};

// A small sweep: two surfaces, the smoke scenarios, three optimizers.
std::string small_sweep(const std::string& out, int jobs, int seeds = 3) {
  return "sweep --quiet --surfaces " + shipped("xavier-nx_yolov8s.h5") + " " +
         shipped("agx-orin_yolov8x.h5") +
         " --optimizers coral,random,static-nvpmodel --scenarios smoke --seeds " +
         std::to_string(seeds) + " --jobs " + std::to_string(jobs) + " --out " + out;
}

std::size_t line_count(const std::string& path) {
  const std::string text = read_file(path);
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST(SweepTest, OneAndTwoJobsWriteIdenticalFiles) {
  const std::string a = temp_path("sweep-j1"), b = temp_path("sweep-j2");
  fs::remove_all(a);
  fs::remove_all(b);
  ASSERT_EQ(run_edgetune(small_sweep(a, 1)).exit_code, 0);
  ASSERT_EQ(run_edgetune(small_sweep(b, 2)).exit_code, 0);
  for (const char* file : kTables) {
    const std::string left = read_file(a + "/" + file);
    EXPECT_FALSE(left.empty()) << file;
    EXPECT_TRUE(left == read_file(b + "/" + file)) << file << " differs between --jobs 1 and 2";
  }
  // 2 surfaces x 3 scenarios x 3 optimizers x 3 seeds, plus the header.
  EXPECT_EQ(line_count(a + "/runs.csv"), 54u + 1u);
  const nlohmann::json record = nlohmann::json::parse(read_file(a + "/sweep.json"));
  EXPECT_TRUE(record["complete"].get<bool>());
  EXPECT_NE(record["command"].get<std::string>().find("--jobs 1"), std::string::npos);
  // The commit the binary was built from, read at build time: in a checkout
  // it begins with HEAD (the tests run on what was just built).
  const std::string head_file = temp_path("git-head");
  const std::string git = "git -C '" + std::string(EDGETUNE_SOURCE_DIR) + "' rev-parse HEAD >" +
                          head_file + " 2>/dev/null";
  const std::string commit = record["git_commit"].get<std::string>();
  if (std::system(git.c_str()) == 0) {
    const std::string head = read_file(head_file).substr(0, 40);
    EXPECT_EQ(commit.substr(0, 40), head)
        << "the binary was built from another commit: rebuild before testing";
  } else {
    EXPECT_EQ(commit, "unknown");
  }
}

// A run's seed is its cell's key: the same for every optimizer of a cell,
// different across cells.
TEST(SweepTest, EveryOptimizerOfACellHasTheCellsSeed) {
  const std::string out = temp_path("sweep-cells");
  fs::remove_all(out);
  ASSERT_EQ(run_edgetune(small_sweep(out, 2, 2)).exit_code, 0);
  const experiments::CsvTable runs = experiments::read_csv_table(out + "/runs.csv");
  const std::size_t surface = runs.column("surface"), scenario = runs.column("scenario"),
                    index = runs.column("seed_index"), seed = runs.column("seed");
  std::map<std::string, std::set<std::string>> seeds_of_cell;
  std::set<std::string> seeds;
  for (const auto& row : runs.rows) {
    seeds_of_cell[row[surface] + "/" + row[scenario] + "/" + row[index]].insert(row[seed]);
    seeds.insert(row[seed]);
  }
  ASSERT_EQ(seeds_of_cell.size(), 2u * 3u * 2u);
  for (const auto& [cell, cell_seeds] : seeds_of_cell) EXPECT_EQ(cell_seeds.size(), 1u) << cell;
  EXPECT_EQ(seeds.size(), seeds_of_cell.size());
}

TEST(SweepTest, KilledSweepResumesToTheUninterruptedTables) {
  const std::string whole = temp_path("sweep-whole"), cut = temp_path("sweep-cut");
  fs::remove_all(whole);
  fs::remove_all(cut);
  const std::string args = small_sweep(cut, 1, 30);
  ASSERT_EQ(run_edgetune(small_sweep(whole, 2, 30)).exit_code, 0);

  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const std::string command = "exec " + std::string(EDGETUNE_BINARY) + " " + args;
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Kill it (no chance to clean up) once some runs are in.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (line_count(cut + "/runs.csv") < 20 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the sweep finished before it could be killed";
  const std::size_t rows_at_kill = line_count(cut + "/runs.csv");
  ASSERT_LT(rows_at_kill, 540u + 1u);

  const auto resumed = run_edgetune(args + " --json");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  const nlohmann::json stats = nlohmann::json::parse(resumed.out);
  EXPECT_GE(stats["runs_resumed"].get<std::size_t>(), 19u);
  EXPECT_EQ(stats["runs_resumed"].get<std::size_t>() + stats["runs_executed"].get<std::size_t>(),
            540u);
  for (const char* file : kTables) {
    EXPECT_TRUE(read_file(whole + "/" + file) == read_file(cut + "/" + file))
        << file << " of the resumed sweep differs from the uninterrupted one";
  }
  // Rerunning a finished sweep executes nothing and changes nothing.
  const auto again = run_edgetune(args + " --json");
  ASSERT_EQ(again.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(again.out)["runs_executed"].get<std::size_t>(), 0u);
  EXPECT_TRUE(read_file(whole + "/runs.csv") == read_file(cut + "/runs.csv"));
}

TEST(SweepTest, RefusesADirectoryHoldingAnotherSweepUnlessForced) {
  const std::string out = temp_path("sweep-refuse");
  fs::remove_all(out);
  ASSERT_EQ(run_edgetune(small_sweep(out, 2, 1)).exit_code, 0);
  const std::string before = read_file(out + "/runs.csv");
  const auto refused = run_edgetune(small_sweep(out, 2, 2));
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << refused.err;
  EXPECT_NE(refused.err.find("--force"), std::string::npos) << refused.err;
  EXPECT_TRUE(read_file(out + "/runs.csv") == before) << "a refused sweep touched the results";
  ASSERT_EQ(run_edgetune(small_sweep(out, 2, 2) + " --force").exit_code, 0);
  EXPECT_EQ(line_count(out + "/runs.csv"), 36u + 1u);
}

// A damaged sweep directory: a duplicated row is repaired on resume (the
// tables end as an undamaged sweep's), a garbage row or two different rows
// for one run are one line naming the file and the row.
TEST(SweepTest, ResumeRepairsDuplicateRowsAndNamesGarbageRows) {
  const std::string out = temp_path("sweep-damaged");
  fs::remove_all(out);
  ASSERT_EQ(run_edgetune(small_sweep(out, 2, 1)).exit_code, 0);
  const std::string runs = read_file(out + "/runs.csv");
  const std::string trials = read_file(out + "/trials.csv");
  const std::string results = read_file(out + "/results.h5");
  const std::size_t header_end = runs.find('\n') + 1;
  const std::string second_row =
      runs.substr(header_end, runs.find('\n', header_end) + 1 - header_end);
  std::ofstream(out + "/runs.csv", std::ios::app) << second_row;
  auto resumed = run_edgetune(small_sweep(out, 2, 1));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("runs.csv: row 20 repeats row 2; dropped"), std::string::npos)
      << resumed.err;
  EXPECT_EQ(read_file(out + "/runs.csv"), runs);
  EXPECT_EQ(read_file(out + "/trials.csv"), trials);
  EXPECT_EQ(read_file(out + "/results.h5"), results);

  std::ofstream(out + "/runs.csv", std::ios::app) << "garbage,row\n";
  auto refused = run_edgetune(small_sweep(out, 2, 1));
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << refused.err;
  EXPECT_NE(refused.err.find("runs.csv: row 20 ('garbage,row') is not a run's row"),
            std::string::npos)
      << refused.err;

  // The same run with another value in its last column.
  std::ofstream(out + "/runs.csv", std::ios::trunc)
      << runs << second_row.substr(0, second_row.size() - 1) << "x\n";
  refused = run_edgetune(small_sweep(out, 2, 1));
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("runs.csv: rows 2 and 20 both hold run 0 with different values"),
            std::string::npos)
      << refused.err;
}

TEST(SweepTest, BadNamesFailBeforeAnyRun) {
  const std::string out = temp_path("sweep-bad");
  fs::remove_all(out);
  for (const std::string& bad : {std::string("--optimizers coral,nope --out ") + out,
                                 "--optimizers coral --scenarios nope --out " + out,
                                 "--optimizers coral --surfaces /nonexistent.h5 --out " + out}) {
    const auto r = run_edgetune("sweep --quiet " + bad);
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_FALSE(fs::exists(out)) << bad << " created the output directory";
  }
  EXPECT_NE(run_edgetune("sweep --optimizers nope --out " + out).err.find("known optimizers"),
            std::string::npos);
  // An output directory that cannot be created: one line naming it.
  const auto unwritable = run_edgetune(
      "sweep --quiet --optimizers random --scenarios smoke --seeds 1 "
      "--surfaces " +
      shipped("xavier-nx_yolov8n.h5") + " --out /proc/edgetune-sweep");
  EXPECT_EQ(unwritable.exit_code, 2);
  EXPECT_NE(unwritable.err.find("/proc/edgetune-sweep"), std::string::npos) << unwritable.err;
  EXPECT_EQ(std::count(unwritable.err.begin(), unwritable.err.end(), '\n'), 1) << unwritable.err;
}

TEST(SweepTest, AFailedRunIsARowWithItsError) {
  // A board without nvpmodel power modes: static-nvpmodel cannot run there.
  const std::string surface = temp_path("sweep-no-modes.h5");
  traces::write_surface(testing_support::two_knob_surface(0.01), surface, true);
  const std::string out = temp_path("sweep-error");
  fs::remove_all(out);
  const auto r = run_edgetune("sweep --quiet --json --surfaces " + surface +
                              " --optimizers static-nvpmodel,random --scenarios smoke --seeds 2 "
                              "--out " +
                              out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["runs_failed"].get<int>(), 6);
  const std::vector<std::string> lines = experiments::read_complete_lines(out + "/runs.csv");
  ASSERT_EQ(lines.size(), 13u);
  const std::vector<std::string> header = experiments::parse_csv_line(lines[0]);
  const std::size_t error = std::find(header.begin(), header.end(), "error") - header.begin();
  const std::size_t optimizer =
      std::find(header.begin(), header.end(), "optimizer") - header.begin();
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> row = experiments::parse_csv_line(lines[i]);
    EXPECT_EQ(row[error].find("power modes") != std::string::npos,
              row[optimizer] == "static-nvpmodel")
        << lines[i];
  }
}

TEST(SweepTest, PandasAndH5pyReadTheTables) {
  const std::string out = temp_path("sweep-python");
  fs::remove_all(out);
  ASSERT_EQ(run_edgetune(small_sweep(out, 2, 2)).exit_code, 0);
  const std::string script = temp_path("read_sweep.py");
  std::ofstream(script) << R"(import sys, h5py, pandas
d = sys.argv[1]
runs = pandas.read_csv(d + "/runs.csv")
trials = pandas.read_csv(d + "/trials.csv")
with h5py.File(d + "/results.h5", "r") as f:
    h5runs = pandas.DataFrame(f["runs"][...])
    h5trials = f["trials"][...]
assert len(runs) == 36 and len(h5runs) == 36, (len(runs), len(h5runs))
assert len(trials) == len(h5trials) > 0
assert list(runs.columns) == list(h5runs.columns)
assert runs["score"].dtype.kind == "f" and runs["seed"].dtype.kind in "iu"
assert abs(runs["score"].sum() - h5runs["score"].sum()) < 1e-9
assert set(runs["optimizer"]) == {"coral", "random", "static-nvpmodel"}
assert (h5runs["optimizer"].str.decode("utf-8") == runs["optimizer"]).all()
print("ok")
)";
  const std::string command = "/usr/bin/python3 " + script + " " + out + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[256];
  while (fgets(buffer, sizeof buffer, pipe)) output += buffer;
  EXPECT_EQ(pclose(pipe), 0) << output;
  EXPECT_EQ(output, "ok\n");
}

// A finished sweep whose trials.csv was cut mid-line once reported itself
// complete with half its trial rows; now the runs that lost rows run again
// and the tables end as they were.
TEST(SweepTest, RerunningASweepWhoseTrialsWereCutRestoresThem) {
  const std::string out = temp_path("sweep-cut-trials");
  fs::remove_all(out);
  ASSERT_EQ(run_edgetune(small_sweep(out, 2, 1)).exit_code, 0);
  const std::string trials = read_file(out + "/trials.csv");
  const std::string results = read_file(out + "/results.h5");
  fs::resize_file(out + "/trials.csv", trials.size() / 2 + 7);  // mid-line
  const auto resumed = run_edgetune(small_sweep(out, 2, 1) + " --json");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_GT(nlohmann::json::parse(resumed.out)["runs_executed"].get<std::size_t>(), 0u);
  EXPECT_NE(resumed.err.find("trial rows than it ran; it runs again"), std::string::npos)
      << resumed.err;
  EXPECT_TRUE(read_file(out + "/trials.csv") == trials);
  EXPECT_TRUE(read_file(out + "/results.h5") == results);
}

// Two sweeps into one directory at once both exited 0 with runs missing;
// now the second is refused while the first writes, and the first ends
// whole.
TEST(SweepTest, ASecondSweepIntoADirectoryBeingWrittenIsRefused) {
  const std::string out = temp_path("sweep-locked");
  fs::remove_all(out);
  ASSERT_EQ(run_edgetune(small_sweep(out, 2, 1)).exit_code, 0);
  const std::string runs = read_file(out + "/runs.csv");
  {
    // Another writer, as a sweep holds it while it writes.
    const core::DirectoryLock writer(out, "busy");
    const auto second = run_edgetune(small_sweep(out, 2, 1) + " --force");
    EXPECT_EQ(second.exit_code, 2) << second.err;
    EXPECT_NE(second.err.find(out + ": another edgetune sweep or merge is writing this directory"),
              std::string::npos)
        << second.err;
  }
  EXPECT_TRUE(read_file(out + "/runs.csv") == runs) << "a refused writer touched the results";
  EXPECT_EQ(run_edgetune(small_sweep(out, 2, 1)).exit_code, 0);
}

// report (and compare) on a sweep directory that is not whole refuse in one
// line instead of summarising part of it.
TEST(ReportTest, RefusesASweepDirectoryThatIsNotWhole) {
  const std::string out = temp_path("sweep-report-whole");
  fs::remove_all(out);
  ASSERT_EQ(run_edgetune(small_sweep(out, 2, 1)).exit_code, 0);
  const std::string runs = read_file(out + "/runs.csv");
  const std::string trials = read_file(out + "/trials.csv");
  const auto refused = [&](const std::string& expected) {
    const bool about_trials = expected.find("trials.csv") != std::string::npos;
    for (const std::string& command : {"report " + out, "compare " + out}) {
      if (about_trials && command.rfind("compare", 0) == 0) continue;  // it reads runs.csv only
      const auto r = run_edgetune(command);
      EXPECT_EQ(r.exit_code, 2) << command << ": " << r.err;
      EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
      EXPECT_NE(r.err.find(expected), std::string::npos) << command << ": " << r.err;
    }
  };
  fs::resize_file(out + "/runs.csv", runs.size() / 2);
  refused("runs.csv: its last row is cut short; rerun the sweep's command");
  std::ofstream(out + "/runs.csv", std::ios::trunc)
      << runs.substr(0, runs.rfind('\n', runs.size() - 2) + 1);
  refused("runs.csv: holds 17 of the sweep's 18 runs; rows were lost");
  std::ofstream(out + "/runs.csv", std::ios::trunc) << runs;
  std::ofstream(out + "/trials.csv", std::ios::trunc)
      << trials.substr(0, trials.rfind('\n', trials.size() - 2) + 1);
  refused("trials.csv: lacks 1 trial rows of run");
  std::ofstream(out + "/trials.csv", std::ios::trunc) << trials;
  // compare reads runs.csv alone: a directory kept without trials.csv is
  // still a baseline.
  fs::remove(out + "/trials.csv");
  const auto kept = run_edgetune("compare --no-plots " + out);
  EXPECT_NE(kept.err.find("has one seed"), std::string::npos) << kept.err;  // its own verdict
  std::ofstream(out + "/trials.csv", std::ios::trunc) << trials;
  ASSERT_EQ(run_edgetune("report " + out).exit_code, 0);
}

TEST(ReportTest, WritesTablesAndPlots) {
  const std::string out = temp_path("sweep-report");
  fs::remove_all(out);
  ASSERT_EQ(run_edgetune(small_sweep(out, 2, 2)).exit_code, 0);
  const auto r = run_edgetune("report " + out + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json report = nlohmann::json::parse(r.out);
  // 3 optimizers x 3 goal kinds, 4 runs each (2 surfaces x 2 seeds).
  ASSERT_EQ(report["summary"].size(), 9u);
  for (const auto& row : report["summary"]) {
    EXPECT_EQ(row["runs"].get<int>(), 4);
    EXPECT_LE(row["p10_score"].get<double>(), row["median_score"].get<double>());
  }
  for (const char* file :
       {"summary.md", "summary.csv", "convergence_max-throughput.png", "convergence_min-power.svg",
        "convergence_dual.png", "scatter_xavier-nx_yolov8s_dual-50.png",
        "scatter_xavier-nx_yolov8s_dual-50.svg"}) {
    EXPECT_GT(fs::file_size(out + "/report/" + file), 100u) << file;
  }
  EXPECT_EQ(run_edgetune("report " + temp_path("no-such-sweep")).exit_code, 2);
}

}  // namespace
