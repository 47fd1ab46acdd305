// Division and remainder of 32-bit numbers by a divisor fixed in advance,
// without a hardware divide: a 64-bit divide costs tens of cycles, and
// decoding a flat grid index takes one per knob, for every candidate an
// optimizer scores. The method is Lemire, Kaser & Kurz, "Faster remainder by
// direct computation" (Software: Practice and Experience, 2019): with
// M = floor((2^64 - 1) / d) + 1, n / d = (M n) >> 64 and
// n % d = ((M n mod 2^64) d) >> 64, exactly, for every 32-bit n and d.
#ifndef EDGETUNE_CORE_CONSTANT_DIVISOR_H_
#define EDGETUNE_CORE_CONSTANT_DIVISOR_H_

#include <cassert>
#include <cstdint>

namespace core {

class ConstantDivisor {
 public:
  explicit ConstantDivisor(std::uint32_t d) : d_(d), m_(d > 1 ? UINT64_MAX / d + 1 : 0) {
    assert(d > 0);
  }

  // n / d.
  std::uint32_t quotient(std::uint32_t n) const {
    if (d_ == 1) return n;  // M would be 2^64
    return static_cast<std::uint32_t>((static_cast<unsigned __int128>(m_) * n) >> 64);
  }
  // n % d.
  std::uint32_t remainder(std::uint32_t n) const {
    const std::uint64_t fraction = m_ * n;  // mod 2^64 by unsigned wrap-around
    return static_cast<std::uint32_t>((static_cast<unsigned __int128>(fraction) * d_) >> 64);
  }

 private:
  std::uint32_t d_;
  std::uint64_t m_;
};

}  // namespace core

#endif  // EDGETUNE_CORE_CONSTANT_DIVISOR_H_
