#include "experiments/stats/rank_correlation.h"

#include <cmath>
#include <limits>

#include "core/errors.h"

namespace experiments {

double kendall_tau_b(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size())
    throw core::InputError("Kendall's tau of rankings of different lengths");
  for (std::size_t i = 0; i < x.size(); ++i)
    if (std::isnan(x[i]) || std::isnan(y[i]))
      throw core::InputError("Kendall's tau of a ranking with a NaN value");
  double concordant = 0, discordant = 0, tied_x = 0, tied_y = 0, pairs = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    for (std::size_t j = i + 1; j < x.size(); ++j) {
      ++pairs;
      const double dx = x[i] - x[j], dy = y[i] - y[j];
      if (dx == 0) ++tied_x;
      if (dy == 0) ++tied_y;
      if (dx * dy > 0) ++concordant;
      if (dx * dy < 0) ++discordant;
    }
  }
  const double denominator = std::sqrt((pairs - tied_x) * (pairs - tied_y));
  return denominator > 0 ? (concordant - discordant) / denominator
                         : std::numeric_limits<double>::quiet_NaN();
}

double kendall_tau_b_ceiling(const std::vector<double>& y) {
  double pairs = 0, tied = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    for (std::size_t j = i + 1; j < y.size(); ++j) {
      ++pairs;
      tied += y[i] == y[j];
    }
  }
  return pairs > tied ? std::sqrt((pairs - tied) / pairs)
                      : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace experiments
