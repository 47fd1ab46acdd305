#include "core/constant_divisor.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace {

// Quotient and remainder agree with / and % for every divisor a knob could
// have and a few large ones, at the numerators where rounding would show
// (0, around multiples of d, the 32-bit maximum) and at random ones.
TEST(ConstantDivisorTest, AgreesWithHardwareDivision) {
  std::vector<std::uint32_t> divisors;
  for (std::uint32_t d = 1; d <= 1000; ++d) divisors.push_back(d);
  for (std::uint32_t d : {65535u, 65536u, 65537u, 1000003u, 0x7fffffffu, 0x80000000u, UINT32_MAX})
    divisors.push_back(d);
  std::mt19937 rng(11);
  for (std::uint32_t d : divisors) {
    const core::ConstantDivisor divisor(d);
    std::vector<std::uint32_t> numerators = {
        0, 1, d - 1, d, UINT32_MAX, UINT32_MAX - 1, UINT32_MAX / d * d, UINT32_MAX / d * d - 1};
    if (d < UINT32_MAX / 2) numerators.insert(numerators.end(), {2 * d - 1, 2 * d, 2 * d + 1});
    for (int i = 0; i < 200; ++i) numerators.push_back(static_cast<std::uint32_t>(rng()));
    for (std::uint32_t n : numerators) {
      ASSERT_EQ(divisor.quotient(n), n / d) << n << " / " << d;
      ASSERT_EQ(divisor.remainder(n), n % d) << n << " % " << d;
    }
  }
}

}  // namespace
