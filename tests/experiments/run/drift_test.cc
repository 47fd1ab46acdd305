// Drift scenarios (issue 27): the device switches at the drift's trial to a
// swapped, derated or loaded surface, the goal comes from the post-drift
// surface before the load, and runs are scored after the drift.
#include "experiments/run/drift.h"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/errors.h"
#include "experiments/report/sweep_summary.h"
#include "experiments/run/run_one.h"
#include "experiments/run/scenarios.h"
#include "sim/drifting_device.h"
#include "tests/support/run_binary.h"
#include "tests/support/tiny_surface.h"

namespace {

using experiments::Drift;

std::shared_ptr<const traces::Surface> model(const std::string& name, double speed) {
  traces::Surface s = testing_support::two_knob_surface();
  s.model = name;
  for (double& v : s.metrics["throughput"].values) v *= speed;
  return std::make_shared<const traces::Surface>(std::move(s));
}

Drift drift(const std::string& to_model, double scale, double offset) {
  return Drift::at(3, to_model, scale, offset);
}

TEST(DriftTest, SwapToTheMostDifferentModelOfTheSameBoard) {
  const auto light = model("n", 1.0), mid = model("s", 0.6), heavy = model("x", 0.2);
  const std::vector<std::shared_ptr<const traces::Surface>> all = {light, mid, heavy};
  EXPECT_EQ(experiments::drifted_surface(*light, drift("other", 1, 0), all).model, "x");
  EXPECT_EQ(experiments::drifted_surface(*heavy, drift("other", 1, 0), all).model, "n");
  EXPECT_EQ(experiments::drifted_surface(*light, drift("s", 1, 0), all).model, "s");
  EXPECT_THROW(experiments::drifted_surface(*light, drift("m", 1, 0), all), core::InputError);
  traces::Surface other_board = *mid;
  other_board.device = "another-board";
  EXPECT_THROW(experiments::drifted_surface(other_board, drift("other", 1, 0), all),
               core::InputError)
      << "a swap stays on its board";
}

TEST(DriftTest, DerateScalesThroughputAndLoadAddsAShareOfTheBudget) {
  const auto s = model("n", 1.0);
  const traces::Surface derated = experiments::drifted_surface(*s, drift("", 0.8, 0), {});
  for (std::size_t i = 0; i < s->space.size(); ++i) {
    EXPECT_DOUBLE_EQ(derated.throughput_fps()[i], 0.8 * s->throughput_fps()[i]);
    EXPECT_DOUBLE_EQ(derated.power_w()[i], s->power_w()[i]);
  }
  traces::Surface loaded = *s;
  experiments::add_background_load(loaded, drift("", 1, 0.15), core::Goal::max_throughput(20.0));
  EXPECT_DOUBLE_EQ(loaded.power_w()[5], s->power_w()[5] + 3.0);
}

TEST(DriftTest, ScenarioFieldsAreCheckedAndRoundTripThroughJson) {
  EXPECT_THROW(drift("", 1, 0).validate("x"), core::InputError) << "changes nothing";
  Drift early = drift("", 0.8, 0);
  early.at_trial = 0;
  EXPECT_THROW(early.validate("x"), core::InputError);
  EXPECT_THROW(drift("", -1, 0).validate("x"), core::InputError);
  const Drift d = drift("other", 0.9, 0.1);
  const Drift back = Drift::from_json(d.json());
  EXPECT_EQ(back.at_trial, 3);
  EXPECT_EQ(back.to_model, "other");
  EXPECT_DOUBLE_EQ(back.throughput_scale, 0.9);
  EXPECT_DOUBLE_EQ(back.power_offset, 0.1);
  const experiments::ScenarioSet set = experiments::find_scenario_set("drift");
  ASSERT_EQ(set.scenarios.size(), 9u);
  for (const auto& s : set.scenarios) {
    ASSERT_TRUE(s.drift) << s.name;
    EXPECT_EQ(s.drift->at_trial, 15);
  }
}

// The device switches at the drift's trial, and the run is scored on the
// post-drift surface: a background load shows in every reading from then on.
TEST(DriftTest, ARunSwitchesDevicesAtTheDriftAndIsScoredAfterIt) {
  const auto before = model("n", 1.0);
  auto after = std::make_shared<traces::Surface>(*before);
  const core::Goal goal = core::Goal::max_throughput(20.0);
  experiments::add_background_load(*after, drift("", 1, 0.15), goal);
  experiments::RunSpec spec;
  spec.surface = before;
  spec.drifted = after;
  spec.drift_at_trial = 3;
  spec.optimizer = "random";
  spec.goal = goal;
  spec.budget.max_trials = 10;
  spec.device.noise = false;
  const experiments::RunResult r =
      experiments::execute_run(spec, experiments::OptimizerFactory(), core::OptimizerContext{},
                               experiments::scoring_reference(*after, goal));
  ASSERT_EQ(r.log.trials.size(), 10u);
  for (std::size_t t = 0; t < r.log.trials.size(); ++t) {
    const core::Measurement& m = r.log.trials[t];
    const double recorded = before->power_w()[before->space.index(m.config)];
    EXPECT_DOUBLE_EQ(m.power_w, t < 3 ? recorded : recorded + 3.0) << "trial " << t;
  }
  ASSERT_TRUE(r.log.recommended);
  const std::size_t rec = before->space.index(*r.log.recommended);
  EXPECT_DOUBLE_EQ(r.power_w, after->power_w()[rec]) << "scored on the post-drift surface";
}

TEST(DriftTest, ADriftSweepMarksItsRunsAndNamesAMissingSwapPartner) {
  const std::string surfaces = testing_support::shipped("agx-orin_yolov8n.h5") + " " +
                               testing_support::shipped("agx-orin_yolov8x.h5") + " " +
                               testing_support::shipped("xavier-nx_yolov8n.h5");
  const std::string out = testing_support::temp_path("drift-sweep");
  const auto r = testing_support::run_edgetune("sweep --quiet --force --surfaces " + surfaces +
                                               " --optimizers random --scenarios drift --seeds 1 "
                                               "--trials 20 --out " +
                                               out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto short_runs = testing_support::run_edgetune(
      "sweep --quiet --force --surfaces " + surfaces +
      " --optimizers random --scenarios drift --seeds 1 --trials 15 --out " + out + "-short");
  EXPECT_EQ(short_runs.exit_code, 2);
  EXPECT_NE(short_runs.err.find("use --trials 16 or more"), std::string::npos) << short_runs.err;
  const experiments::CsvTable runs = experiments::read_csv_table(out + "/runs.csv");
  const std::size_t at = runs.column("drift_at_trial"), error = runs.column("error"),
                    surface = runs.column("surface"), scenario = runs.column("scenario");
  for (std::size_t i = 0; i < runs.rows.size(); ++i) {
    const auto& row = runs.rows[i];
    const bool orphan_swap =
        row[surface] == "xavier-nx_yolov8n" && row[scenario].rfind("swap-", 0) == 0;
    if (orphan_swap) {
      EXPECT_NE(row[error].find("no other surface of jetson-xavier-nx"), std::string::npos);
    } else {
      EXPECT_EQ(row[error], "") << row[surface] << " " << row[scenario];
      EXPECT_EQ(runs.number(i, at), 15.0);
    }
  }
  // The report marks the drift on the convergence plots and draws no
  // scatter: its runs are scored on another surface than the one drawn.
  const auto report = testing_support::run_edgetune("report " + out);
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_NE(
      testing_support::read_file(out + "/report/convergence_dual.gp").find("set arrow from 15.5"),
      std::string::npos);
  EXPECT_EQ(report.out.find("scatter_"), std::string::npos) << report.out;
}

}  // namespace
