// Sample quantiles as a paper's tables print them.
#ifndef EDGETUNE_EXPERIMENTS_STATS_QUANTILE_H_
#define EDGETUNE_EXPERIMENTS_STATS_QUANTILE_H_

#include <vector>

namespace experiments {

// Linear-interpolated percentile (numpy's default, Hyndman & Fan type 7) of
// `values`, q in [0,1]; 0 for an empty vector. Throws core::InputError on
// a NaN (it has no place in an order).
double percentile(std::vector<double> values, double q);

double mean(const std::vector<double>& values);  // 0 for an empty vector

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_STATS_QUANTILE_H_
