// The registry: every entry makes an optimizer, names are unique, unknown
// names and missing context are clear errors, and `edgetune list optimizers`
// shows exactly the registry's list, in its order.
#include "core/optimizers/registry.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/errors.h"
#include "tests/support/run_binary.h"

namespace {

core::OptimizerContext full_context() {
  core::OptimizerContext context;
  context.power_modes = {{"MAXN", {}}};
  auto training = std::make_shared<core::TrainingSurface>();
  training->name = "registry-test-board";  // the training cache keys on names
  training->space =
      core::ConfigSpace({{"gpu_freq", "MHz", {300, 600}}, {"concurrency", "count", {1, 2}}});
  training->throughput_fps = {10, 18, 20, 35};
  training->power_w = {4, 5, 7, 9};
  context.training_surfaces.push_back(training);
  return context;
}

TEST(RegistryTest, EveryEntryMakesAnOptimizerUnderAUniqueName) {
  std::set<std::string> names;
  for (const core::OptimizerInfo& info : core::optimizer_catalog()) {
    EXPECT_TRUE(names.insert(info.name).second) << "duplicate " << info.name;
    EXPECT_FALSE(info.description.empty()) << info.name;
    EXPECT_NE(core::make_optimizer(info.name, full_context()), nullptr) << info.name;
    ASSERT_NE(core::find_optimizer_info(info.name), nullptr);
    EXPECT_EQ(core::find_optimizer_info(info.name)->name, info.name);
  }
  EXPECT_EQ(core::find_optimizer_info("no-such-method"), nullptr);
}

TEST(RegistryTest, UnknownNamesAndMissingContextAreInputErrors) {
  try {
    core::make_optimizer("corall");
    FAIL() << "an unknown name was accepted";
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("'corall'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("coral, "), std::string::npos) << e.what();
  }
  for (const core::OptimizerInfo& info : core::optimizer_catalog()) {
    if (info.needs_training || info.needs_power_modes) {
      EXPECT_THROW(core::make_optimizer(info.name, {}), core::InputError) << info.name;
    } else {
      EXPECT_NE(core::make_optimizer(info.name, {}), nullptr) << info.name;
    }
  }
}

TEST(RegistryTest, ListOptimizersShowsTheRegistryInOrder) {
  std::vector<std::string> registry;
  for (const core::OptimizerInfo& info : core::optimizer_catalog()) registry.push_back(info.name);

  const auto json = testing_support::run_edgetune("list optimizers --json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  std::vector<std::string> listed;
  const nlohmann::json listing = nlohmann::json::parse(json.out);
  for (const auto& o : listing["optimizers"]) listed.push_back(o["name"]);
  EXPECT_EQ(listed, registry);

  const auto text = testing_support::run_edgetune("list optimizers");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  std::istringstream lines(text.out);
  std::vector<std::string> first_words;
  for (std::string line; std::getline(lines, line);)
    first_words.push_back(line.substr(0, line.find(' ')));
  EXPECT_EQ(first_words, registry);
}

}  // namespace
