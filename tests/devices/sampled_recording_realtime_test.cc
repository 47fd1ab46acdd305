// Bring your own board, end to end on an emulated AGX Orin (sim/
// emulated_board.h): record a sample of 150 configurations of the board's
// grid through the live driver, complete it, and hold the completed
// surface against the surface the emulator follows. Real time, like the
// other *_realtime_test.cc files: it runs alone (tests/CMakeLists.txt).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/emulated_board.h"
#include "tests/support/emulated_board_helpers.h"
#include "tests/support/run_binary.h"
#include "traces/surface_file.h"

namespace {

using sim::EmulatedBoard;
using testing_support::fresh_board_root;
using testing_support::shipped_surface;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? NAN : v[v.size() / 2];
}

// The goals at 10% of a grid are a median error of 3% on a synthetic
// surface; here 150 single readings of 0.2 s cover 0.2% of a 69,888-point
// grid, and a reading that short is itself noisy (the emulated streams print
// frames in bursts: the fit put the reading noise at 22% for throughput and
// 6% for power, the held-out errors at 16% and 4%). So each median error is
// held to 5% plus the reading noise the completion measured, and the +-2 sd
// band to cover at least 85% of the emulator's true values.
TEST(SampledRecordingTest, RecordASampleCompleteItAndMatchTheBoard) {
  EmulatedBoard board(shipped_surface("agx-orin_yolov8n.h5"), fresh_board_root("sample150"),
                      EmulatedBoard::Layout::kAgxOrin);
  const auto before = board.files();
  board.start();
  const std::string sampled = board.root() + "-sampled.h5";
  const std::string completed = board.root() + "-completed.h5";
  const auto recorded = testing_support::run_edgetune(
      "live --quiet --sysfs-root " + board.root() + " --workload " + board.workload_command() +
      " --power-cap 60 --record " + sampled +
      " --sample 150 --repeats 1 --settle-s 0.05 --window-s 0.2 --force --state " + board.root() +
      "-state.tsv");
  board.stop();
  ASSERT_EQ(recorded.exit_code, 0) << recorded.err;
  EXPECT_EQ(board.files(), before) << "the board is left as it was found";
  const traces::Surface sample = traces::load_surface(sampled);
  EXPECT_EQ(sample.measured_points(), 150u);

  const auto done =
      testing_support::run_edgetune("complete " + sampled + " --force --json --out " + completed);
  ASSERT_EQ(done.exit_code, 0) << done.err;
  const nlohmann::json fit = nlohmann::json::parse(done.out);
  std::map<std::string, double> noise;
  for (const nlohmann::json& m : fit.at("models"))
    noise[m.at("target").get<std::string>()] = m.at("reading_noise_sd_log").get<double>();

  const traces::Surface& truth = *shipped_surface("agx-orin_yolov8n.h5");
  const traces::Surface model = traces::load_surface(completed);
  // The live grid holds every level of the emulator's surface and more:
  // compare where both have the point.
  std::vector<double> fps_errors, watt_errors;
  std::size_t covered = 0;
  for (std::size_t i = 0; i < truth.space.size(); ++i) {
    if (!truth.available(i)) continue;
    const core::Config c = truth.space.config(i);
    core::Config at;
    bool found = true;
    for (std::size_t k = 0; k < truth.space.num_knobs() && found; ++k) {
      const std::vector<double>& levels = model.space.knob(k).values;
      const auto level = std::find(levels.begin(), levels.end(), truth.space.value(c, k));
      found = level != levels.end();
      at.level.push_back(static_cast<int>(level - levels.begin()));
    }
    if (!found) continue;
    const std::size_t j = model.space.index(at);
    if (model.measured[j] || !model.available(j)) continue;
    fps_errors.push_back(std::abs(model.throughput_fps()[j] / truth.throughput_fps()[i] - 1));
    watt_errors.push_back(std::abs(model.power_w()[j] / truth.power_w()[i] - 1));
    covered += std::abs(model.throughput_fps()[j] - truth.throughput_fps()[i]) <=
               2 * model.metrics_std.at("throughput").values[j];
  }
  ASSERT_GT(fps_errors.size(), 30000u);
  EXPECT_LE(median(fps_errors), 0.05 + noise.at("log throughput"));
  EXPECT_LE(median(watt_errors), 0.05 + noise.at("log power"));
  EXPECT_GE(static_cast<double>(covered) / static_cast<double>(fps_errors.size()), 0.85);
  // The completed surface replays.
  const auto run = testing_support::run_edgetune(
      "run --optimizer coral --goal max-throughput --power-budget 30 --quiet --surface " +
      completed);
  EXPECT_EQ(run.exit_code, 0) << run.err;
}

}  // namespace
