// edgetune complete: the GP's math on functions with known answers, a
// completed surface against the surface it was sampled from, honest refusal
// of a recording without signal, failures predicted from measured ones, and
// fidelity's measurements.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <numeric>
#include <random>
#include <string>

#include "core/errors.h"
#include "experiments/completion/fidelity.h"
#include "experiments/completion/matern_gp.h"
#include "experiments/completion/surface_completion.h"
#include "tests/support/run_binary.h"
#include "tests/support/tiny_surface.h"
#include "traces/surface_file.h"

namespace {

using experiments::complete_surface;
using experiments::CompletionOptions;

// A smooth four-knob board, 8 x 4 x 4 x 6 = 768 points: throughput saturates
// in the GPU and memory clocks and in concurrency, power grows with the
// square of the GPU clock; 1% of fixed per-point idiosyncrasy (a recorded
// board is never smooth). Concurrency above `runs_up_to` cannot run (out of
// memory).
traces::Surface board(int runs_up_to = 6) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> wobble(0.0, 0.01);
  return testing_support::make_surface(
      {{"gpu_freq", "MHz", {300, 450, 600, 750, 900, 1050, 1200, 1300}},
       {"emc_freq", "MHz", {665, 1600, 2133, 3199}},
       {"cpu_cores", "count", {2, 4, 6, 8}},
       {"concurrency", "count", {1, 2, 3, 4, 5, 6}}},
      [&](const std::vector<double>& v) -> std::pair<double, double> {
        const double g = v[0], e = v[1], cores = v[2], c = v[3];
        const double fps = 120.0 * g / (g + 500.0) * e / (e + 900.0) * c / (c + 1.5) *
                           (1.0 + 0.05 * cores / 8.0) * (1.0 + wobble(rng));
        const double watts =
            (4.0 + 12.0 * std::pow(g / 1300.0, 2) + 2.5 * e / 3199.0 + 0.4 * cores + 0.3 * c) *
            (1.0 + wobble(rng));
        if (c > runs_up_to) return {NAN, NAN};
        return {fps, watts};
      },
      0.01);
}

TEST(MaternGpTest, RecoversASmoothFunctionWithCalibratedSpread) {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::normal_distribution<double> noise(0.0, 0.01);
  const auto f = [](double a, double b) { return std::sin(3.0 * a) + b * b; };
  Eigen::MatrixXd x(120, 2), test(400, 2);
  Eigen::VectorXd y(120);
  for (int i = 0; i < 120; ++i) {
    x(i, 0) = u(rng);
    x(i, 1) = u(rng);
    y(i) = f(x(i, 0), x(i, 1)) + noise(rng);
  }
  for (int i = 0; i < 400; ++i) test.row(i) << u(rng), u(rng);
  const experiments::MaternGp gp(x, y, 1);
  Eigen::VectorXd mean, variance;
  gp.predict(test, mean, variance);
  double squared = 0;
  int covered = 0;
  for (int i = 0; i < 400; ++i) {
    const double truth = f(test(i, 0), test(i, 1));
    squared += (mean(i) - truth) * (mean(i) - truth);
    covered += std::abs(mean(i) - truth) <= 2.0 * std::sqrt(variance(i));
  }
  EXPECT_LT(std::sqrt(squared / 400), 0.02);
  EXPECT_GT(covered, 0.9 * 400);
  EXPECT_GT(gp.held_out().r2, 0.99);
}

// With many readings the spread comes from each point's nearest readings,
// which alone would overstate it; the calibration on left-out readings
// brings the +-2 sd band of a new reading back near 95%.
TEST(MaternGpTest, ManyReadingsGiveANewReadingsBandNear95Percent) {
  // Readings without noise of a smooth function over a grid, as a
  // synthetic board gives them: the nearest readings' variance is too wide.
  std::mt19937_64 rng(8);
  std::uniform_int_distribution<int> level(0, 9);
  const auto f = [](const Eigen::VectorXd& v) {
    return std::log(1.0 + 3.0 * v(0)) + std::sqrt(0.2 + v(1)) * v(2) - 0.3 * v(3) * v(3);
  };
  Eigen::MatrixXd x(1500, 4), test(2000, 4);
  Eigen::VectorXd y(1500);
  for (int i = 0; i < 1500; ++i) {
    for (int k = 0; k < 4; ++k) x(i, k) = level(rng) / 9.0;
    y(i) = f(x.row(i).transpose());
  }
  // Unmeasured grid points only: a reading's own point is predicted exactly.
  for (int i = 0; i < 2000; ++i) {
    do {
      for (int k = 0; k < 4; ++k) test(i, k) = level(rng) / 9.0;
    } while (((x.rowwise() - test.row(i)).rowwise().squaredNorm().array() == 0).any());
  }
  const experiments::MaternGp gp(x, y, 1);
  EXPECT_EQ(gp.calibration().points, experiments::MaternGp::kCalibrationPoints);
  Eigen::VectorXd mean, variance;
  gp.predict(test, mean, variance);
  int covered = 0;
  for (int i = 0; i < 2000; ++i)
    covered += std::abs(mean(i) - f(test.row(i).transpose())) <= 2.0 * std::sqrt(variance(i));
  EXPECT_GE(covered, 0.90 * 2000);
  EXPECT_LE(covered, 0.98 * 2000);
}

// A dozen readings leave few degrees of freedom once the hyperparameters
// are fitted, which the Student-t widening of the band counts.
TEST(MaternGpTest, FewReadingsLeaveTheStudentTFewDegreesOfFreedom) {
  std::mt19937_64 rng(2);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Eigen::MatrixXd x(12, 2);
  Eigen::VectorXd y(12);
  for (int i = 0; i < 12; ++i) {
    x.row(i) << u(rng), u(rng);
    y(i) = std::sin(3.0 * x(i, 0)) + x(i, 1);
  }
  const experiments::MaternGp gp(x, y, 1);
  EXPECT_EQ(gp.calibration().degrees_of_freedom, 12.0 - (2 + 2));
  EXPECT_EQ(gp.calibration().points, 12u);
}

// Fourteen readings of an 11 x 13 grid, as 10% of a Jetson Nano's: the
// marginal likelihood alone can stretch a length scale far past the grid
// and be sure of itself between the readings. With the length-scale prior
// the band holds most of the held-out points of each of 20 such samples.
TEST(MaternGpTest, AFewReadingsLeaveItUnsureBetweenThem) {
  const auto f = [](double a, double b) {
    return std::log(1.0 + 4.0 * a) + 0.4 * b + 0.08 * std::sin(7.0 * b) * a;
  };
  std::vector<double> coverages;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> quirk(0.0, 0.01);
    std::vector<double> truth(11 * 13);
    for (double& t : truth) t = quirk(rng);
    for (int i = 0; i < 11; ++i)
      for (int j = 0; j < 13; ++j) truth[i * 13 + j] += f(i / 10.0, j / 12.0);
    std::vector<int> order(truth.size());
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    Eigen::MatrixXd x(14, 2), test(static_cast<Eigen::Index>(truth.size() - 14), 2);
    Eigen::VectorXd y(14), want(test.rows());
    for (std::size_t k = 0; k < truth.size(); ++k) {
      const int p = order[k];
      const Eigen::Index row = static_cast<Eigen::Index>(k < 14 ? k : k - 14);
      (k < 14 ? x : test).row(row) << (p / 13) / 10.0, (p % 13) / 12.0;
      (k < 14 ? y(row) : want(row)) = truth[static_cast<std::size_t>(p)];
    }
    const experiments::MaternGp gp(x, y, seed);
    Eigen::VectorXd mean, variance;
    gp.predict(test, mean, variance);
    int covered = 0;
    for (Eigen::Index i = 0; i < test.rows(); ++i)
      covered += std::abs(mean(i) - want(i)) <= 2.0 * std::sqrt(variance(i));
    coverages.push_back(static_cast<double>(covered) / static_cast<double>(test.rows()));
  }
  std::sort(coverages.begin(), coverages.end());
  EXPECT_GE(coverages[10], 0.9) << "median of 20 samples";
  EXPECT_GE(coverages[4], 0.75) << "the 5th of 20";
}

// The gradient the fit climbs, against central differences of the
// likelihood itself.
TEST(MaternGpTest, TheLikelihoodGradientMatchesFiniteDifferences) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Eigen::MatrixXd x(25, 3);
  Eigen::VectorXd y(25);
  for (int i = 0; i < 25; ++i) {
    for (int k = 0; k < 3; ++k) x(i, k) = u(rng);
    y(i) = std::sin(4.0 * x(i, 0)) + x(i, 1) - 0.5 + 0.05 * u(rng);
  }
  Eigen::VectorXd theta(5);
  theta << std::log(0.4), std::log(0.9), std::log(2.0), std::log(0.8), std::log(0.01);
  Eigen::VectorXd gradient;
  const double lml = experiments::matern_log_marginal_likelihood(x, y, theta, &gradient);
  ASSERT_TRUE(std::isfinite(lml));
  ASSERT_EQ(gradient.size(), 5);
  for (int j = 0; j < 5; ++j) {
    Eigen::VectorXd up = theta, down = theta;
    up(j) += 1e-5;
    down(j) -= 1e-5;
    const double numeric = (experiments::matern_log_marginal_likelihood(x, y, up) -
                            experiments::matern_log_marginal_likelihood(x, y, down)) /
                           2e-5;
    EXPECT_NEAR(gradient(j), numeric, 1e-4 * std::max(1.0, std::abs(numeric))) << "theta " << j;
  }
}

TEST(MaternGpTest, PureNoiseHasNoHeldOutSignal) {
  std::mt19937_64 rng(5);
  std::normal_distribution<double> noise(0.0, 1.0);
  Eigen::MatrixXd x(150, 3);
  Eigen::VectorXd y(150);
  for (int i = 0; i < 150; ++i) {
    for (int k = 0; k < 3; ++k) x(i, k) = (i * (k + 3) % 17) / 16.0;
    y(i) = noise(rng);
  }
  const experiments::MaternGp gp(x, y, 1);
  EXPECT_LT(gp.held_out().r2, 0.1);
  EXPECT_GT(gp.held_out().coverage, 0.9) << "honest spread: wide where there is no signal";
}

TEST(SurfaceCompletionTest, ATenthOfTheGridPredictsTheRest) {
  const traces::Surface full = board();
  const traces::Surface sampled = experiments::subsample(full, 0.1, 1);
  EXPECT_EQ(sampled.measured_points(), 77u);
  experiments::CompletionReport report;
  const traces::Surface completed = complete_surface(sampled, CompletionOptions{}, &report);
  EXPECT_FALSE(completed.has_unknown_points());
  EXPECT_EQ(completed.completion.method, "log-gp");
  EXPECT_EQ(completed.completion.readings, 77u);
  std::vector<double> fps_errors, watt_errors;
  for (std::size_t i = 0; i < full.space.size(); ++i) {
    if (sampled.measured[i]) {
      EXPECT_EQ(completed.throughput_fps()[i], sampled.throughput_fps()[i]) << "kept as read";
      continue;
    }
    fps_errors.push_back(std::abs(completed.throughput_fps()[i] / full.throughput_fps()[i] - 1));
    watt_errors.push_back(std::abs(completed.power_w()[i] / full.power_w()[i] - 1));
  }
  std::sort(fps_errors.begin(), fps_errors.end());
  std::sort(watt_errors.begin(), watt_errors.end());
  EXPECT_LT(fps_errors[fps_errors.size() / 2], 0.03);
  EXPECT_LT(watt_errors[watt_errors.size() / 2], 0.03);
  for (const experiments::MetricModel& m : report.models) EXPECT_GT(m.held_out.r2, 0.9);
  EXPECT_TRUE(report.warnings.empty());
  // What it writes loads back as it was, completion and all.
  const std::string path = testing_support::temp_path("completed.h5");
  traces::write_surface(completed, path, true);
  const traces::Surface loaded = traces::load_surface(path);
  EXPECT_EQ(loaded.completion.method, "log-gp");
  EXPECT_EQ(loaded.completion.parameters, completed.completion.parameters);
  EXPECT_EQ(loaded.measured, sampled.measured);
  EXPECT_NO_THROW(traces::require_replayable(loaded));
}

// --values draw draws each unmeasured point's deviation: as large as the
// board's own 1% per-point idiosyncrasy, centred on the smooth median (the
// default), with the drawn deviation's variance added to the spread, and
// keyed by the seed. Measured points stay as read either way.
TEST(SurfaceCompletionTest, DrawnValuesAreAsRoughAsTheBoard) {
  const traces::Surface sampled = experiments::subsample(board(), 0.2, 1);
  experiments::CompletionReport report;
  const traces::Surface median = complete_surface(sampled, CompletionOptions{}, &report);
  CompletionOptions draw;
  draw.values = experiments::UnmeasuredValues::kDraw;
  const traces::Surface drawn = complete_surface(sampled, draw);
  CompletionOptions other_seed = draw;
  other_seed.seed = 2;
  const traces::Surface redrawn = complete_surface(sampled, other_seed);
  EXPECT_NE(drawn.completion.parameters.find("\"unmeasured_values\":\"draw\""), std::string::npos);
  EXPECT_NE(median.completion.parameters.find("\"unmeasured_values\":\"median\""),
            std::string::npos);
  for (std::size_t m = 0; m < 2; ++m) {
    const char* name = m == 0 ? "throughput" : "power";
    const std::vector<double>& a = median.metrics.at(name).values;
    const std::vector<double>& b = drawn.metrics.at(name).values;
    const std::vector<double>& sd_a = median.metrics_std.at(name).values;
    const std::vector<double>& sd_b = drawn.metrics_std.at(name).values;
    const double noise_sd = report.models.at(m).noise_sd;
    EXPECT_NEAR(noise_sd, 0.01, 0.003) << name << ": the fit finds the board's 1%";
    double sum = 0, sum_sq = 0, n = 0, changed_by_seed = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (std::isnan(a[i])) continue;
      if (sampled.measured[i]) {
        EXPECT_EQ(b[i], a[i]) << name << " at measured point " << i;
        continue;
      }
      const double deviation = std::log(b[i] / a[i]);
      sum += deviation, sum_sq += deviation * deviation, ++n;
      changed_by_seed += redrawn.metrics.at(name).values[i] != b[i];
      const double relative_a = sd_a[i] / a[i], relative_b = sd_b[i] / b[i];
      EXPECT_NEAR(relative_b * relative_b, relative_a * relative_a + noise_sd * noise_sd, 1e-12)
          << name << " at " << i;
    }
    ASSERT_GT(n, 500);
    const double mean = sum / n, sd = std::sqrt(sum_sq / n - mean * mean);
    EXPECT_LT(std::abs(mean), 3 * noise_sd / std::sqrt(n)) << name << ": centred on the median";
    EXPECT_NEAR(sd, noise_sd, 0.1 * noise_sd) << name << ": the fitted size";
    EXPECT_EQ(changed_by_seed, n) << name << ": another seed draws other deviations";
  }
  const traces::Surface again = complete_surface(sampled, draw);
  EXPECT_EQ(again.metrics.at("throughput").values, drawn.metrics.at("throughput").values);
  try {
    experiments::parse_unmeasured_values("mean", "--values");
    ADD_FAILURE() << "took an unknown mode";
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("--values 'mean': say median"), std::string::npos)
        << e.what();
  }
}

TEST(SurfaceCompletionTest, PointsNearMeasuredFailuresArePredictedNotToRun) {
  const traces::Surface full = board(4);  // 5 and 6 streams run out of memory
  const traces::Surface completed =
      complete_surface(experiments::subsample(full, 0.15, 2), CompletionOptions{});
  std::size_t agree = 0, unmeasured = 0;
  for (std::size_t i = 0; i < full.space.size(); ++i) {
    if (completed.measured[i]) continue;
    ++unmeasured;
    agree += full.available(i) == completed.available(i);
  }
  EXPECT_GT(static_cast<double>(agree) / static_cast<double>(unmeasured), 0.95);
}

TEST(SurfaceCompletionTest, ARecordingWithoutSignalIsRefusedUnlessAllowed) {
  traces::Surface noise = board();
  std::mt19937_64 rng(9);
  std::lognormal_distribution<double> any(3.0, 0.5);
  for (auto& [name, metric] : noise.metrics)
    for (double& v : metric.values) v = any(rng);
  noise.metrics_std.clear();
  const traces::Surface sampled = experiments::subsample(noise, 0.2, 1);
  try {
    complete_surface(sampled, CompletionOptions{});
    ADD_FAILURE() << "completed a recording of noise";
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("carry no signal a model can use"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("--allow-weak"), std::string::npos) << e.what();
  }
  CompletionOptions allow;
  allow.allow_weak = true;
  experiments::CompletionReport report;
  complete_surface(sampled, allow, &report);
  ASSERT_EQ(report.warnings.size(), 2u);
  EXPECT_NE(report.warnings[0].find("weak signal"), std::string::npos);
}

// On a surface the performance model itself made (a shipped synthetic one),
// the calibrated model as a prior does what a GP alone cannot from 1% of
// the grid; on a board without a device profile it names the option.
TEST(SurfaceCompletionTest, ThePhysicsPriorHelpsWhereThePhysicsHolds) {
  const traces::Surface full =
      traces::load_surface(testing_support::shipped("xavier-nx_yolov8s.h5"));
  const traces::Surface sampled = experiments::subsample(full, 0.01, 1);
  const auto median_error = [&](const traces::Surface& completed) {
    std::vector<double> errors;
    for (std::size_t i = 0; i < full.space.size(); ++i)
      if (!sampled.measured[i] && full.available(i) && completed.available(i))
        errors.push_back(std::abs(completed.throughput_fps()[i] / full.throughput_fps()[i] - 1));
    std::sort(errors.begin(), errors.end());
    return errors[errors.size() / 2];
  };
  CompletionOptions physics;
  physics.method = "model-gp";
  experiments::CompletionReport report;
  const traces::Surface with_prior = complete_surface(sampled, physics, &report);
  const double prior_error = median_error(with_prior);
  const double plain_error = median_error(complete_surface(sampled, CompletionOptions{}));
  EXPECT_LT(prior_error, 0.02);
  EXPECT_LT(prior_error, plain_error);
  EXPECT_NE(with_prior.completion.parameters.find("\"physics_prior\""), std::string::npos);
  try {
    complete_surface(experiments::subsample(board(), 0.1, 1), physics);
    ADD_FAILURE() << "calibrated a board without a profile";
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no device profile has id 'test-board'"),
              std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("--device-profile"), std::string::npos) << e.what();
  }
}

TEST(SurfaceCompletionTest, OnlyASampledRecordingIsCompleted) {
  EXPECT_THROW(complete_surface(board(), CompletionOptions{}), core::InputError);
  const traces::Surface completed =
      complete_surface(experiments::subsample(board(), 0.1, 1), CompletionOptions{});
  EXPECT_THROW(complete_surface(completed, CompletionOptions{}), core::InputError);
  CompletionOptions unknown;
  unknown.method = "kriging";
  EXPECT_THROW(complete_surface(experiments::subsample(board(), 0.1, 1), unknown),
               core::InputError);
}

TEST(SubsampleTest, ARandomDesignWithBothCorners) {
  const traces::Surface full = board();
  const traces::Surface a = experiments::subsample(full, 0.05, 1);
  const traces::Surface b = experiments::subsample(full, 0.05, 2);
  EXPECT_EQ(a.measured_points(), 38u);
  EXPECT_NE(a.measured, b.measured);
  EXPECT_EQ(a.measured.front(), 1) << "everything at min";
  EXPECT_EQ(a.measured.back(), 1) << "everything at max";
  EXPECT_TRUE(a.has_unknown_points());
  EXPECT_EQ(a.measured, experiments::subsample(full, 0.05, 1).measured) << "seeded";
}

TEST(FidelityTest, MeasuresErrorsCalibrationOptimaAndRanking) {
  experiments::FidelityOptions options;
  options.fractions = {0.2};
  options.seeds = 1;
  options.optimizers = {"random", "static-maxn", "coral"};
  options.run_seeds = 2;
  const std::vector<experiments::FidelityRow> rows =
      experiments::measure_fidelity(board(), options, experiments::OptimizerFactory());
  ASSERT_EQ(rows.size(), 1u);
  const experiments::FidelityRow& r = rows[0];
  EXPECT_EQ(r.measured, 154u);
  EXPECT_LT(r.throughput_median_ape, 0.03);
  EXPECT_LT(r.power_median_ape, 0.03);
  EXPECT_GT(r.throughput_coverage, 0.8);
  EXPECT_LE(r.throughput_coverage, 1.0);
  EXPECT_DOUBLE_EQ(r.runnable_agreement, 1.0);
  EXPECT_LT(r.oracle_median_error, 0.05);
  EXPECT_EQ(r.methods.size(), 3u);
  EXPECT_GE(r.kendall_tau, -1.0);
  EXPECT_LE(r.kendall_tau, 1.0);
  // static-maxn breaks most goals coral meets: a difference the full
  // surface resolves, and the completion keeps.
  EXPECT_GE(r.pairs_resolved, 1u);
  EXPECT_LE(r.pairs_resolved, 3u);
  EXPECT_DOUBLE_EQ(r.resolved_agreement, 1.0);
  EXPECT_DOUBLE_EQ(r.replay_resolved_agreement, 1.0);
  options.fractions = {1.5};
  EXPECT_THROW(experiments::measure_fidelity(board(), options, experiments::OptimizerFactory()),
               core::InputError);
}

TEST(CompletionCliTest, ImportASampleCompleteItAndReplayIt) {
  const std::string full = testing_support::temp_path("cli-full.h5");
  traces::write_surface(board(), full, true);
  const std::string sampled = testing_support::temp_path("cli-sampled.h5");
  traces::write_surface(experiments::subsample(board(), 0.1, 1), sampled, true);
  const std::string completed = testing_support::temp_path("cli-completed.h5");
  const auto c =
      testing_support::run_edgetune("complete " + sampled + " --force --out " + completed);
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_NE(c.out.find("77 measured (0 could not run), 691 modelled by log-gp"), std::string::npos)
      << c.out;
  const auto run = testing_support::run_edgetune(
      "run --optimizer coral --goal max-throughput --power-budget 12 --json --surface " +
      completed);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  const auto again = testing_support::run_edgetune("complete " + sampled + " --out " + completed);
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("exists; pass --force"), std::string::npos) << again.err;
  const auto fidelity = testing_support::run_edgetune(
      "fidelity " + full +
      " --fractions 0.2 --seeds 1 --optimizers random,static-maxn --run-seeds 1 --json -q");
  ASSERT_EQ(fidelity.exit_code, 0) << fidelity.err;
  const nlohmann::json j = nlohmann::json::parse(fidelity.out);
  ASSERT_EQ(j.at("rows").size(), 1u);
  EXPECT_LT(j["rows"][0].at("throughput_median_ape").get<double>(), 0.03);
}

}  // namespace

namespace {

namespace fs = std::filesystem;

// The worked example in traces/surfaces/sampled/: make-sample.sh rebuilds
// the sample and its completion byte for byte from the recorded grid; the
// sample refuses replay, its completion replays.
TEST(ShippedSampleTest, TheScriptRebuildsItByteForByte) {
  const fs::path shipped = fs::path(EDGETUNE_SOURCE_DIR) / "traces/surfaces";
  const fs::path copy = testing_support::temp_path("shipped-sample");
  fs::remove_all(copy);
  fs::create_directories(copy / "recorded");
  fs::create_directories(copy / "sampled");
  fs::copy(shipped / "recorded/xavier-nx_inception.h5", copy / "recorded/xavier-nx_inception.h5");
  fs::copy(shipped / "sampled/make-sample.sh", copy / "sampled/make-sample.sh");
  const std::string make = "bash '" + (copy / "sampled/make-sample.sh").string() + "' '" +
                           EDGETUNE_BINARY + "' >/dev/null";
  ASSERT_EQ(std::system(make.c_str()), 0);
  for (const char* name :
       {"xavier-nx_inception_sample10.h5", "xavier-nx_inception_sample10_completed.h5"}) {
    EXPECT_TRUE(testing_support::read_file((copy / "sampled" / name).string()) ==
                testing_support::read_file((shipped / "sampled" / name).string()))
        << name << " differs from the committed file";
  }
  const traces::Surface sample =
      traces::load_surface((shipped / "sampled/xavier-nx_inception_sample10.h5").string());
  EXPECT_EQ(sample.measured_points(), 27u);
  EXPECT_THROW(traces::require_replayable(sample), core::InputError);
  const traces::Surface completed = traces::load_surface(
      (shipped / "sampled/xavier-nx_inception_sample10_completed.h5").string());
  EXPECT_NO_THROW(traces::require_replayable(completed));
  EXPECT_EQ(completed.provenance, "recorded");
  EXPECT_NE(completed.description.find("LoudVA"), std::string::npos) << "its source kept";
  fs::remove_all(copy);
}

}  // namespace
