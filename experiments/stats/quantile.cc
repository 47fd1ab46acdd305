#include "experiments/stats/quantile.h"

#include <algorithm>
#include <cmath>

#include "core/errors.h"

namespace experiments {

double percentile(std::vector<double> values, double q) {
  if (values.empty()) return 0.0;
  for (double v : values) {
    if (std::isnan(v)) throw core::InputError("percentile of a sample holding NaN");
  }
  const double position = q * static_cast<double>(values.size() - 1);
  const std::size_t below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, values.size() - 1);
  // Two selections instead of a sort: O(n) per quantile, which the
  // bootstrap's thousands of resamples feel.
  std::nth_element(values.begin(), values.begin() + static_cast<long>(below), values.end());
  const double low = values[below];
  if (above == below) return low;
  const double high =
      *std::min_element(values.begin() + static_cast<long>(below) + 1, values.end());
  return low + (position - static_cast<double>(below)) * (high - low);
}

double mean(const std::vector<double>& values) {
  if (values.empty()) return 0.0;
  double sum = 0.0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

}  // namespace experiments
