// The optimizer factory: registered names from the registry, names a
// plug-in claims by prefix from the plug-in, and nothing global.
#include "experiments/run/optimizer_factory.h"

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/errors.h"
#include "core/optimizers/registry.h"

namespace {

// An optimizer that proposes nothing, named by the plug-in that made it.
class Named : public core::Optimizer {
 public:
  explicit Named(std::string name) : name(std::move(name)) {}
  void start(const core::ConfigSpace&, const core::Goal&, const core::Budget&,
             std::uint64_t) override {}
  std::optional<core::Config> propose() override { return std::nullopt; }
  void observe(const core::Measurement&) override {}
  std::optional<core::Config> recommend() const override { return std::nullopt; }
  std::string name;
};

experiments::OptimizerPlugin plugin(const std::string& prefix, std::vector<std::string>* checked) {
  experiments::OptimizerPlugin p;
  p.prefix = prefix;
  p.one_thread = true;
  p.check = [checked](const std::string& name) {
    checked->push_back(name);
    if (name.find("bad") != std::string::npos) throw core::InputError(name + ": refused");
  };
  p.make = [](const std::string& name) { return std::make_unique<Named>(name); };
  return p;
}

TEST(OptimizerFactoryTest, WithoutPlugInsItMakesTheRegisteredOnesOnly) {
  const experiments::OptimizerFactory factory;
  EXPECT_NO_THROW(factory.check("coral"));
  EXPECT_NE(factory.make("random", core::OptimizerContext{}), nullptr);
  EXPECT_FALSE(factory.runs_on_one_thread("coral"));
  try {
    factory.check("py:x.py:C");
    FAIL() << "an unclaimed prefix was accepted";
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("coral"), std::string::npos)
        << "the error lists the registered names: " << e.what();
  }
}

TEST(OptimizerFactoryTest, APlugInClaimsItsPrefixAndNothingElse) {
  std::vector<std::string> checked;
  const experiments::OptimizerFactory factory({plugin("py:", &checked)});
  factory.check("py:good.py:C");
  EXPECT_THROW(factory.check("py:bad.py:C"), core::InputError);
  EXPECT_EQ(checked, (std::vector<std::string>{"py:good.py:C", "py:bad.py:C"}));
  const auto made = factory.make("py:good.py:C", core::OptimizerContext{});
  ASSERT_NE(dynamic_cast<Named*>(made.get()), nullptr);
  EXPECT_EQ(dynamic_cast<Named*>(made.get())->name, "py:good.py:C");
  EXPECT_TRUE(factory.runs_on_one_thread("py:good.py:C"));
  // Registered names still come from the registry.
  factory.check("bo");
  EXPECT_EQ(dynamic_cast<Named*>(factory.make("bo", core::OptimizerContext{}).get()), nullptr);
  EXPECT_FALSE(factory.runs_on_one_thread("bo"));
  EXPECT_EQ(checked.size(), 2u);
}

TEST(OptimizerFactoryTest, TwoFactoriesDoNotShareTheirPlugIns) {
  std::vector<std::string> checked;
  const experiments::OptimizerFactory with({plugin("x:", &checked)});
  const experiments::OptimizerFactory without;
  with.check("x:one");
  EXPECT_THROW(without.check("x:one"), core::InputError);
}

TEST(OptimizerFactoryTest, TheCatalogListsEveryRegisteredOptimizer) {
  const nlohmann::json catalog = experiments::optimizer_catalog_json();
  ASSERT_EQ(catalog.size(), core::optimizer_catalog().size());
  for (std::size_t i = 0; i < catalog.size(); ++i) {
    EXPECT_EQ(catalog[i]["name"], core::optimizer_catalog()[i].name);
    EXPECT_EQ(catalog[i]["needs_training"], core::optimizer_catalog()[i].needs_training);
  }
}

}  // namespace
