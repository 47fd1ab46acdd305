// The designs a sampled recording measures: distinct configurations, the
// two corners first, seeded, and each design's own property.
#include "experiments/surfaces/sample_design.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "core/errors.h"

namespace {

using experiments::SampleDesign;

core::ConfigSpace grid() {
  return core::ConfigSpace({{"cpu_freq", "MHz", {1, 2, 3, 4, 5, 6}},
                            {"gpu_freq", "MHz", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}},
                            {"emc_freq", "MHz", {1, 2, 3, 4}},
                            {"concurrency", "count", {1, 2, 3, 4, 5, 6, 7, 8}}});
}

// The least Euclidean distance, in knob positions, between two chosen points.
double least_distance(const core::ConfigSpace& space, const std::vector<std::size_t>& chosen) {
  double least = std::numeric_limits<double>::infinity();
  for (std::size_t a = 0; a < chosen.size(); ++a) {
    for (std::size_t b = 0; b < a; ++b) {
      const core::Config x = space.config(chosen[a]), y = space.config(chosen[b]);
      double squared = 0;
      for (std::size_t k = 0; k < space.num_knobs(); ++k) {
        const double d = static_cast<double>(x.level[k] - y.level[k]) /
                         static_cast<double>(space.knob(k).values.size() - 1);
        squared += d * d;
      }
      least = std::min(least, std::sqrt(squared));
    }
  }
  return least;
}

TEST(SampleDesignTest, EveryDesignGivesDistinctPointsCornersFirst) {
  const core::ConfigSpace space = grid();
  for (const char* name : {"random", "lhs", "sobol", "maximin"}) {
    const SampleDesign design = experiments::parse_sample_design(name);
    EXPECT_EQ(experiments::design_name(design), name);
    const std::vector<std::size_t> chosen = experiments::sample_design(space, 96, design, 3);
    ASSERT_EQ(chosen.size(), 96u) << name;
    EXPECT_EQ(std::set<std::size_t>(chosen.begin(), chosen.end()).size(), 96u) << name;
    EXPECT_EQ(chosen[0], space.size() - 1) << name << ": everything at max first";
    EXPECT_EQ(chosen[1], 0u) << name << ": then everything at min";
    EXPECT_EQ(chosen, experiments::sample_design(space, 96, design, 3)) << name << ": seeded";
    // More than the grid holds: the whole grid, once each.
    const std::vector<std::size_t> all = experiments::sample_design(space, 5000, design, 1);
    EXPECT_EQ(std::set<std::size_t>(all.begin(), all.end()).size(), space.size()) << name;
  }
  EXPECT_THROW(experiments::parse_sample_design("grid"), core::InputError);
}

// A Latin hypercube of as many points as a knob has levels uses each level
// once or nearly (duplicates redrawn at random may repeat one).
TEST(SampleDesignTest, ALatinHypercubeSpreadsEveryKnobOverItsLevels) {
  const core::ConfigSpace space = grid();
  const std::vector<std::size_t> chosen =
      experiments::sample_design(space, 42, SampleDesign::kLatinHypercube, 5);
  for (std::size_t k = 0; k < space.num_knobs(); ++k) {
    std::vector<int> uses(space.knob(k).values.size(), 0);
    for (std::size_t index : chosen) ++uses[static_cast<std::size_t>(space.config(index).level[k])];
    const auto [least, most] = std::minmax_element(uses.begin(), uses.end());
    EXPECT_GE(*least, 1) << space.knob(k).name << ": a level never measured";
    EXPECT_LE(*most - *least, 42 / static_cast<int>(uses.size()) + 2) << space.knob(k).name;
  }
}

TEST(SampleDesignTest, MaximinKeepsPointsFartherApartThanRandom) {
  const core::ConfigSpace space = grid();
  const double maximin =
      least_distance(space, experiments::sample_design(space, 40, SampleDesign::kMaximin, 1));
  double random = 0;
  for (std::uint64_t seed = 1; seed <= 5; ++seed)
    random = std::max(random, least_distance(space, experiments::sample_design(
                                                        space, 40, SampleDesign::kRandom, seed)));
  EXPECT_GT(maximin, random);
}

}  // namespace
