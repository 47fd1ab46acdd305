// Which configurations of a board's grid a sampled recording measures
// (`live --record --sample N --design D`, and `fidelity`'s subsamples): a
// space-filling design over knob positions, always opening with the two
// corners a user needs (everything at max, everything at min).
//   random:  uniform without replacement;
//   lhs:     Latin hypercube (McKay, Beckman & Conover 1979): each knob's
//            range cut into N strata, each stratum used once, randomly paired;
//   sobol:   the Sobol sequence (Joe & Kuo's directions, Boost.Random) with
//            a random shift modulo 1 per knob (Cranley & Patterson 1976);
//   maximin: greedy farthest-point: each next configuration the one
//            farthest from those already chosen (Euclidean in positions),
//            ties broken at random.
// The designs map points of [0, 1)^d to grid levels; two points that fall
// on one configuration are redrawn at random, so a design never measures a
// configuration twice.
#ifndef EDGETUNE_EXPERIMENTS_SURFACES_SAMPLE_DESIGN_H_
#define EDGETUNE_EXPERIMENTS_SURFACES_SAMPLE_DESIGN_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/config_space.h"

namespace experiments {

enum class SampleDesign { kRandom, kLatinHypercube, kSobol, kMaximin };

// "random", "lhs", "sobol", "maximin"; throws core::InputError naming the
// flag for anything else.
SampleDesign parse_sample_design(const std::string& name);
std::string design_name(SampleDesign design);

// min(n, grid size) distinct flat indices of `space`, the two corners first
// (one when the grid is a single point), in the order to measure them.
// Deterministic in (space, n, design, seed).
std::vector<std::size_t> sample_design(const core::ConfigSpace& space, std::size_t n,
                                       SampleDesign design, std::uint64_t seed);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_SURFACES_SAMPLE_DESIGN_H_
