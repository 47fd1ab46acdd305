// Counter-based normal draws: a reading's noise as a pure function of (key,
// configuration, how many times it was read), never of the order in which a
// method reads. This is what makes replayed comparisons paired: two methods
// that read configuration c for the k-th time in the same cell see the same
// noise (common random numbers), whatever else they read in between.
#ifndef EDGETUNE_CORE_COUNTER_NORMAL_H_
#define EDGETUNE_CORE_COUNTER_NORMAL_H_

#include <cmath>
#include <cstdint>

#include "core/seed.h"

namespace core {

struct NormalPair {
  double first = 0.0;
  double second = 0.0;
};

// Two independent standard normals for draw `k` of `index` under `key`:
// two SplitMix64 hashes (seed.h) give two 53-bit uniforms, and the
// Box-Muller transform (Box & Muller 1958) turns them into two normals
// exactly, with no rejection loop, so each draw costs the same.
inline NormalPair counter_normals(std::uint64_t key, std::uint64_t index, std::uint64_t k) {
  const std::uint64_t h1 = mix64(mix64(key ^ mix64(index)) ^ k);
  const std::uint64_t h2 = mix64(h1);
  constexpr double kTwoTo53 = 1.0 / 9007199254740992.0;
  // u1 in (0, 1): never 0, so the logarithm is finite; u2 in [0, 1).
  const double u1 = (static_cast<double>(h1 >> 11) + 0.5) * kTwoTo53;
  const double u2 = static_cast<double>(h2 >> 11) * kTwoTo53;
  const double radius = std::sqrt(-2.0 * std::log(u1));
  constexpr double kTwoPi = 6.283185307179586476925286766559;
  const double angle = kTwoPi * u2;
  return {radius * std::cos(angle), radius * std::sin(angle)};
}

}  // namespace core

#endif  // EDGETUNE_CORE_COUNTER_NORMAL_H_
