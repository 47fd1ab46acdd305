// Percentile bootstrap confidence intervals (Efron & Tibshirani 1993,
// ch. 13): resample the runs with replacement, recompute the statistic, take
// the 2.5th and 97.5th percentiles of the replicates.
//
// Percentile rather than BCa: BCa's acceleration comes from the jackknife,
// which is inconsistent for the median (Efron & Tibshirani 1993, sec. 11.6),
// and our statistics are medians and low quantiles of scores bounded by 1
// with many ties at 1 and 0, where BCa's bias correction is unstable too.
#ifndef EDGETUNE_EXPERIMENTS_STATS_BOOTSTRAP_H_
#define EDGETUNE_EXPERIMENTS_STATS_BOOTSTRAP_H_

#include <cstdint>
#include <functional>
#include <vector>

namespace experiments {

struct Interval {
  double low = 0.0;
  double high = 0.0;
};

// A statistic of a sample (it may reorder the vector it is given).
using SampleStatistic = std::function<double(std::vector<double>&)>;

constexpr int kBootstrapResamples = 2000;

// The 95% (`level`) percentile interval of `statistic` over `resamples`
// resamples of `sample`, drawn by std::mt19937_64 seeded with `seed`; the
// same inputs give the same interval, with any standard library. {x, x} for
// a sample of one value; {0, 0} for an empty sample. Throws core::InputError
// when resamples < 1 or the level is not in (0, 1).
Interval bootstrap_interval(const std::vector<double>& sample, const SampleStatistic& statistic,
                            std::uint64_t seed, int resamples = kBootstrapResamples,
                            double level = 0.95);

// Pointwise 95% intervals of the mean curve of `curves` (runs x points, all
// of one length): each resample draws runs with replacement and averages
// their curves, so the points of a band come from the same resamples.
std::vector<Interval> bootstrap_mean_bands(const std::vector<std::vector<double>>& curves,
                                           std::uint64_t seed, int resamples = kBootstrapResamples,
                                           double level = 0.95);

// The statistics the tables print.
double median_of(std::vector<double>& sample);
double p10_of(std::vector<double>& sample);
double mean_of(std::vector<double>& sample);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_STATS_BOOTSTRAP_H_
