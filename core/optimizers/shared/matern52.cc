#include "core/optimizers/shared/matern52.h"

#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

// Built with -ffp-contract=off (core/optimizers/CMakeLists.txt): a fused
// multiply-add would round differently from Eigen's separate ones.

namespace core {
namespace {

const double kSqrt5 = std::sqrt(5.0);

// Eigen 3.4's pexp_double constants (Cephes): exp(x) = 2^n exp(g).
constexpr double kExpHi = 709.784, kExpLo = -709.784;
constexpr double kLog2e = 1.4426950408889634073599;
constexpr double kP0 = 1.26177193074810590878e-4, kP1 = 3.02994407707441961300e-2,
                 kP2 = 9.99999999999999999910e-1;
constexpr double kQ0 = 3.00198505138664455042e-6, kQ1 = 2.52448340349684104192e-3,
                 kQ2 = 2.27265548208155028766e-1, kQ3 = 2.00000000000000000009e0;
constexpr double kC1 = 0.693145751953125, kC2 = 1.42860682030941723212e-6;
constexpr double kMaxExponent = 2099.0;

// 2^(bits of the low 32 of `biased`, shifted into the exponent field), as
// Eigen's SSE2 pldexp builds it (the upper 32 bits of each lane are zero).
double power_of_two(std::int32_t biased) {
  const std::uint64_t bits = static_cast<std::uint64_t>(static_cast<std::uint32_t>(biased)) << 52;
  double out;
  std::memcpy(&out, &bits, sizeof out);
  return out;
}

// Eigen's pexp_double for one lane, operation for operation.
double eigen_exp(double in) {
  double x = std::max(std::min(in, kExpHi), kExpLo);
  double fx = std::floor(kLog2e * x + 0.5);
  x = x - fx * kC1;
  x = x - fx * kC2;
  const double x2 = x * x;
  double px = kP0;
  px = px * x2 + kP1;
  px = px * x2 + kP2;
  px = px * x;
  double qx = kQ0;
  qx = qx * x2 + kQ1;
  qx = qx * x2 + kQ2;
  qx = qx * x2 + kQ3;
  x = px / (qx - px);
  x = 2.0 * x + 1.0;
  // pldexp: x 2^fx in four exact factors.
  const auto e = static_cast<std::int32_t>(std::min(std::max(fx, -kMaxExponent), kMaxExponent));
  const std::int32_t b = e >> 2;  // floor(e / 4)
  const double c = power_of_two(b + 1023);
  double out = x * c * c * c;
  out = out * power_of_two(e - b - b - b + 1023);
  return std::max(out, in);
}

template <typename Exp>
double matern_one(double r2, Exp exp) {
  const double r = std::sqrt(std::max(r2, 0.0)) * kSqrt5;
  return (1.0 + r + r * r / 3.0) * exp(-r);
}

__attribute__((target("avx2"))) __m256d eigen_exp_avx2(__m256d in) {
  const __m256d one = _mm256_set1_pd(1.0);
  __m256d x = _mm256_max_pd(_mm256_min_pd(in, _mm256_set1_pd(kExpHi)), _mm256_set1_pd(kExpLo));
  __m256d fx = _mm256_add_pd(_mm256_mul_pd(_mm256_set1_pd(kLog2e), x), _mm256_set1_pd(0.5));
  fx = _mm256_floor_pd(fx);
  x = _mm256_sub_pd(x, _mm256_mul_pd(fx, _mm256_set1_pd(kC1)));
  x = _mm256_sub_pd(x, _mm256_mul_pd(fx, _mm256_set1_pd(kC2)));
  const __m256d x2 = _mm256_mul_pd(x, x);
  __m256d px = _mm256_set1_pd(kP0);
  px = _mm256_add_pd(_mm256_mul_pd(px, x2), _mm256_set1_pd(kP1));
  px = _mm256_add_pd(_mm256_mul_pd(px, x2), _mm256_set1_pd(kP2));
  px = _mm256_mul_pd(px, x);
  __m256d qx = _mm256_set1_pd(kQ0);
  qx = _mm256_add_pd(_mm256_mul_pd(qx, x2), _mm256_set1_pd(kQ1));
  qx = _mm256_add_pd(_mm256_mul_pd(qx, x2), _mm256_set1_pd(kQ2));
  qx = _mm256_add_pd(_mm256_mul_pd(qx, x2), _mm256_set1_pd(kQ3));
  x = _mm256_div_pd(px, _mm256_sub_pd(qx, px));
  x = _mm256_add_pd(_mm256_mul_pd(_mm256_set1_pd(2.0), x), one);
  const __m256d clamped =
      _mm256_min_pd(_mm256_max_pd(fx, _mm256_set1_pd(-kMaxExponent)), _mm256_set1_pd(kMaxExponent));
  const __m128i e = _mm256_cvtpd_epi32(clamped);
  const __m128i b = _mm_srai_epi32(e, 2);
  const __m128i bias = _mm_set1_epi32(1023);
  // Zero-extended, as the SSE2 code's lanes are.
  const __m256d c =
      _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_cvtepu32_epi64(_mm_add_epi32(b, bias)), 52));
  const __m128i rest = _mm_sub_epi32(_mm_sub_epi32(_mm_sub_epi32(e, b), b), b);
  const __m256d c_rest =
      _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_cvtepu32_epi64(_mm_add_epi32(rest, bias)), 52));
  __m256d out = _mm256_mul_pd(_mm256_mul_pd(_mm256_mul_pd(x, c), c), c);
  out = _mm256_mul_pd(out, c_rest);
  return _mm256_max_pd(out, in);
}

__attribute__((target("avx2"))) void matern52_avx2(const double* r2, double* out,
                                                   std::size_t size) {
  const __m256d sqrt5 = _mm256_set1_pd(kSqrt5), one = _mm256_set1_pd(1.0),
                three = _mm256_set1_pd(3.0), zero = _mm256_setzero_pd(),
                minus_zero = _mm256_set1_pd(-0.0);  // negation flips the sign bit, as Eigen's
  for (std::size_t i = 0; i < size; i += 4) {
    const __m256d r =
        _mm256_mul_pd(_mm256_sqrt_pd(_mm256_max_pd(_mm256_loadu_pd(r2 + i), zero)), sqrt5);
    const __m256d poly =
        _mm256_add_pd(_mm256_add_pd(one, r), _mm256_div_pd(_mm256_mul_pd(r, r), three));
    _mm256_storeu_pd(out + i, _mm256_mul_pd(poly, eigen_exp_avx2(_mm256_xor_pd(r, minus_zero))));
  }
}

bool has_avx2() {
  static const bool yes = __builtin_cpu_supports("avx2");
  return yes;
}

// Eigen vectorises all but an odd last element, which gets std::exp.
void finish(const double* r2, double* out, std::size_t from, std::size_t size) {
  const std::size_t paired = size - size % 2;
  for (std::size_t i = from; i < paired; ++i) out[i] = matern_one(r2[i], eigen_exp);
  for (std::size_t i = std::max(from, paired); i < size; ++i)
    out[i] = matern_one(r2[i], [](double v) { return std::exp(v); });
}

}  // namespace

void matern52(const double* r2, double* out, std::size_t size) {
  std::size_t done = 0;
  if (has_avx2()) {
    done = (size - size % 2) / 4 * 4;
    matern52_avx2(r2, out, done);
  }
  finish(r2, out, done, size);
}

void matern52_portable(const double* r2, double* out, std::size_t size) {
  finish(r2, out, 0, size);
}

}  // namespace core
