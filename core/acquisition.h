// The pieces of model-guided acquisition shared by CORAL and Bayesian
// optimization: the standard normal, expected improvement, and a
// Latin-hypercube start over knob levels.
#ifndef EDGETUNE_CORE_ACQUISITION_H_
#define EDGETUNE_CORE_ACQUISITION_H_

#include <random>
#include <vector>

#include "core/config_space.h"

namespace core {

double normal_cdf(double z);
double normal_pdf(double z);

// Expected improvement of N(mean, sd) over `best`, larger is better (Jones,
// Schonlau & Welch 1998): (mean - best) Phi(z) + sd phi(z), z = (mean -
// best) / sd.
double expected_improvement(double mean, double sd, double best);

// `points` distinct configurations from a Latin hypercube over the knobs'
// levels (each knob's range cut into `points` strata, each stratum used
// once); fewer when strata collide on a small knob.
std::vector<Config> latin_hypercube(const ConfigSpace& space, int points, std::mt19937_64& rng);

}  // namespace core

#endif  // EDGETUNE_CORE_ACQUISITION_H_
