#include "experiments/stats/bootstrap.h"

#include <algorithm>
#include <limits>
#include <random>

#include "core/errors.h"
#include "experiments/stats/quantile.h"

namespace experiments {
namespace {

// A uniform index below n from the generator's raw output by rejection
// (std::uniform_int_distribution's mapping differs between standard
// libraries; mt19937_64's output does not), so intervals are the same
// wherever the tool is built.
std::size_t draw_index(std::mt19937_64& rng, std::size_t n) {
  const std::uint64_t bound = static_cast<std::uint64_t>(n);
  const std::uint64_t limit =
      std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % bound;
  std::uint64_t x;
  do {
    x = rng();
  } while (x >= limit);
  return static_cast<std::size_t>(x % bound);
}

void check_resamples(int resamples, double level) {
  if (resamples < 1 || !(level > 0 && level < 1)) {
    throw core::InputError(
        "bootstrap: resamples must be >= 1 and the level strictly between 0 "
        "and 1");
  }
}

}  // namespace

Interval bootstrap_interval(const std::vector<double>& sample, const SampleStatistic& statistic,
                            std::uint64_t seed, int resamples, double level) {
  check_resamples(resamples, level);
  if (sample.empty()) return {};
  std::mt19937_64 rng(seed);
  std::vector<double> replicates, resample(sample.size());
  replicates.reserve(static_cast<std::size_t>(resamples));
  for (int b = 0; b < resamples; ++b) {
    for (double& x : resample) x = sample[draw_index(rng, sample.size())];
    replicates.push_back(statistic(resample));
  }
  const double tail = (1.0 - level) / 2.0;
  return {percentile(replicates, tail), percentile(replicates, 1.0 - tail)};
}

std::vector<Interval> bootstrap_mean_bands(const std::vector<std::vector<double>>& curves,
                                           std::uint64_t seed, int resamples, double level) {
  check_resamples(resamples, level);
  if (curves.empty()) return {};
  const std::size_t points = curves.front().size();
  std::mt19937_64 rng(seed);
  std::vector<std::vector<double>> replicates(points);  // [point][resample]
  std::vector<double> sum(points);
  for (int b = 0; b < resamples; ++b) {
    std::fill(sum.begin(), sum.end(), 0.0);
    for (std::size_t i = 0; i < curves.size(); ++i) {
      const std::vector<double>& curve = curves[draw_index(rng, curves.size())];
      for (std::size_t t = 0; t < points; ++t) sum[t] += curve[t];
    }
    for (std::size_t t = 0; t < points; ++t)
      replicates[t].push_back(sum[t] / static_cast<double>(curves.size()));
  }
  const double tail = (1.0 - level) / 2.0;
  std::vector<Interval> bands;
  for (const std::vector<double>& r : replicates)
    bands.push_back({percentile(r, tail), percentile(r, 1.0 - tail)});
  return bands;
}

double median_of(std::vector<double>& sample) { return percentile(sample, 0.5); }
double p10_of(std::vector<double>& sample) { return percentile(sample, 0.1); }
double mean_of(std::vector<double>& sample) { return mean(sample); }

}  // namespace experiments
