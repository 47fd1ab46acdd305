// The Matérn 5/2 kernel of many squared scaled distances at once, the bulk
// of bo's work: k = (1 + r + r^2 / 3) e^-r with r = sqrt(5 r2).
//
// Results are bit-identical to evaluating that formula with Eigen 3.4 on
// plain x86-64 (SSE2, no FMA): Eigen's vectorised exp (a Cephes rational
// approximation) on pairs, std::exp on an odd last element. On a CPU with
// AVX2 the pairs are done four at a time with the same operations in the
// same order, so a replay gives the same numbers on any x86-64 machine, and
// a sweep's results do not depend on where it ran.
#ifndef EDGETUNE_CORE_OPTIMIZERS_SHARED_MATERN52_H_
#define EDGETUNE_CORE_OPTIMIZERS_SHARED_MATERN52_H_

#include <cstddef>

namespace core {

// out[i] = k(r2[i]) for i < size; r2 below 0 (rounding) counts as 0.
void matern52(const double* r2, double* out, std::size_t size);

// The same without the AVX2 path, for tests that compare the two.
void matern52_portable(const double* r2, double* out, std::size_t size);

}  // namespace core

#endif  // EDGETUNE_CORE_OPTIMIZERS_SHARED_MATERN52_H_
