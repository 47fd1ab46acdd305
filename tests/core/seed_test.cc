// Seed derivation: SplitMix64 and FNV-1a against their published values,
// and child seeds that differ by stream.
#include "core/seed.h"

#include <gtest/gtest.h>

namespace {

TEST(SeedTest, MixAndHashMatchTheirReferenceValues) {
  // SplitMix64 from state 0: the first output is 0xe220a8397b1dcdaf.
  EXPECT_EQ(core::mix64(0), 0xe220a8397b1dcdafULL);
  // FNV-1a 64: "" is the offset basis, "a" is 0xaf63dc4c8601ec8c.
  EXPECT_EQ(core::hash_name(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(core::hash_name("a"), 0xaf63dc4c8601ec8cULL);
}

TEST(SeedTest, ChildSeedsDifferByStreamAndParent) {
  static_assert(core::mix64(0) == 0xe220a8397b1dcdafULL, "usable at compile time");
  EXPECT_NE(core::derive_seed(7, 1), core::derive_seed(7, 2));
  EXPECT_NE(core::derive_seed(7, 1), core::derive_seed(8, 1));
  EXPECT_NE(core::derive_seed(0, 0), 0u);
}

}  // namespace
