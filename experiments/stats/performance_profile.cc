#include "experiments/stats/performance_profile.h"

#include <algorithm>

#include "core/errors.h"

namespace experiments {

std::vector<std::vector<double>> performance_profiles(const std::vector<std::vector<double>>& cells,
                                                      const std::vector<double>& taus) {
  const std::size_t methods = cells.empty() ? 0 : cells.front().size();
  std::vector<std::vector<double>> rho(methods, std::vector<double>(taus.size(), 0.0));
  if (cells.empty()) return rho;
  for (const std::vector<double>& cell : cells) {
    if (cell.size() != methods) {
      throw core::InputError("performance profiles: cells of different sizes");
    }
  }
  for (const std::vector<double>& cell : cells) {
    const double best = *std::max_element(cell.begin(), cell.end());
    if (!(best > 0)) continue;
    for (std::size_t m = 0; m < methods; ++m) {
      if (!(cell[m] > 0)) continue;
      const double ratio = best / cell[m];
      for (std::size_t t = 0; t < taus.size(); ++t) rho[m][t] += ratio <= taus[t] ? 1.0 : 0.0;
    }
  }
  for (auto& row : rho) {
    for (double& share : row) share /= static_cast<double>(cells.size());
  }
  return rho;
}

}  // namespace experiments
