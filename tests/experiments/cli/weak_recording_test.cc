// A public recording that carries no signal is told so
// (tests/data/unicorn/README.md): import catches its mislabelled gpu_freq
// column by the device profile's table, and complete refuses what remains,
// since its held-out R^2 is about 0, unless told to write it anyway.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/run_binary.h"

namespace {

using testing_support::run_edgetune;
using testing_support::temp_path;

// Unicorn's table with throughput (1000 / inference time) and mean power
// (energy / time / 1000) in place of time and energy: nominal units, which
// the log-metric model does not care about.
std::string derived_csv() {
  std::ifstream in(std::string(EDGETUNE_SOURCE_DIR) +
                   "/tests/data/unicorn/Xavier_Image_sampled.csv");
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  std::stringstream names(line);
  for (std::string name; std::getline(names, name, ',');) header.push_back(name);
  const auto column = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  const std::size_t cpu = column("core_freq"), gpu = column("gpu_freq"), emc = column("emc_freq"),
                    cores = column("num_cores"), time = column("inference_time"),
                    energy = column("total_energy_consumption");
  const std::string path = temp_path("unicorn-derived.csv");
  std::ofstream out(path);
  out << "core_freq,gpu_freq,emc_freq,num_cores,fps,watts\n";
  std::size_t rows = 0;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream fields(line);
    for (std::string field; std::getline(fields, field, ',');) f.push_back(field);
    const double seconds = std::stod(f[time]);
    out << f[cpu] << ',' << f[gpu] << ',' << f[emc] << ',' << f[cores] << ',' << 1000.0 / seconds
        << ',' << std::stod(f[energy]) / seconds / 1000.0 << '\n';
    ++rows;
  }
  EXPECT_EQ(rows, 266u);
  return path;
}

// The board's real CPU and EMC tables, as the recording's columns hold them
// (the device profile keeps a subset of each).
const char* const kLevels =
    " --levels cpu_freq=115.2,192,268.8,345.6,422.4,499.2,576,652.8,729.6,806.4,883.2,960,"
    "1036.8,1113.6,1190.4,1267.2,1344,1420.8,1497.6,1574.4,1651.2,1728,1804.8,1881.6,1958.4,"
    "2035.2,2112,2188.8,2265.6 emc_freq=204,408,600,665.6,800,1065.6,1331.2,1866,2133 "
    "cpu_cores=1:4";

TEST(WeakRecordingTest, ImportCatchesTheMislabelledColumnAndCompleteRefusesTheRest) {
  const std::string csv = derived_csv();
  const std::string common =
      " --metric throughput=fps:fps power=watts:W --device "
      "jetson-agx-xavier --model image --force";
  const auto mislabelled = run_edgetune(
      "import --csv " + csv +
      " --knob cpu_freq=core_freq:MHz gpu_freq=gpu_freq:MHz emc_freq=emc_freq:MHz "
      "cpu_cores=num_cores:count --scale core_freq=0.001 gpu_freq=0.001 emc_freq=1e-6 --grid "
      "device" +
      std::string(kLevels) + common + " --out " + temp_path("unicorn-all.h5"));
  EXPECT_EQ(mislabelled.exit_code, 2);
  EXPECT_EQ(std::count(mislabelled.err.begin(), mislabelled.err.end(), '\n'), 1);
  EXPECT_NE(mislabelled.err.find("column 'gpu_freq' (--knob gpu_freq) holds 576, which is not one "
                                 "of the 14 levels of jetson-agx-xavier's gpu_freq table"),
            std::string::npos)
      << mislabelled.err;

  const std::string sampled = temp_path("unicorn-sampled.h5");
  const auto imported = run_edgetune(
      "import --csv " + csv +
      " --knob cpu_freq=core_freq:MHz emc_freq=emc_freq:MHz cpu_cores=num_cores:count --scale "
      "core_freq=0.001 emc_freq=1e-6" +
      std::string(kLevels) + common + " --out " + sampled);
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find("240 of 1044 points measured"), std::string::npos) << imported.out;

  const std::string completed = temp_path("unicorn-completed.h5");
  const auto refused = run_edgetune("complete " + sampled + " --force --out " + completed);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("carry no signal a model can use"), std::string::npos) << refused.err;
  EXPECT_FALSE(std::ifstream(completed).good()) << "nothing written";

  const auto weak =
      run_edgetune("complete " + sampled + " --force --allow-weak --json --out " + completed);
  ASSERT_EQ(weak.exit_code, 0) << weak.err;
  EXPECT_NE(weak.err.find("warning: weak signal"), std::string::npos) << weak.err;
  const nlohmann::json j = nlohmann::json::parse(weak.out);
  for (const nlohmann::json& model : j.at("models")) {
    // No better than the mean, and honest about it: the spread covers the
    // held-out readings.
    EXPECT_LT(model.at("held_out_r2").get<double>(), 0.1) << model;
    EXPECT_GT(model.at("held_out_coverage_2sd").get<double>(), 0.9) << model;
  }
}

}  // namespace
