#include "core/acquisition.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace core {

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }
double normal_pdf(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2.0 * M_PI); }

double expected_improvement(double mean, double sd, double best) {
  if (sd <= 0) return std::max(0.0, mean - best);
  const double z = (mean - best) / sd;
  return (mean - best) * normal_cdf(z) + sd * normal_pdf(z);
}

std::vector<Config> latin_hypercube(const ConfigSpace& space, int points, std::mt19937_64& rng) {
  std::vector<Config> design;
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<std::vector<int>> strata(space.num_knobs());
  for (auto& s : strata) {
    s.resize(static_cast<std::size_t>(points));
    std::iota(s.begin(), s.end(), 0);
    std::shuffle(s.begin(), s.end(), rng);
  }
  for (int i = 0; i < points; ++i) {
    Config c;
    for (std::size_t k = 0; k < space.num_knobs(); ++k) {
      const int levels = static_cast<int>(space.knob(k).values.size());
      const double u = (strata[k][static_cast<std::size_t>(i)] + unit(rng)) / points;
      c.level.push_back(std::min(levels - 1, static_cast<int>(u * levels)));
    }
    if (std::find(design.begin(), design.end(), c) == design.end()) design.push_back(c);
  }
  return design;
}

}  // namespace core
