// Distance correlation: the O(n log n) 1-D path against the O(n^2) one.
#include <benchmark/benchmark.h>

#include <random>

#include "core/distance_correlation.h"

namespace {

std::pair<std::vector<double>, std::vector<double>> sample(std::size_t n) {
  std::mt19937_64 rng(1);
  std::normal_distribution<double> normal;
  std::vector<double> x(n), y(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = normal(rng);
    y[i] = x[i] * x[i] + normal(rng);
  }
  return {x, y};
}

void BM_DcorFast1d(benchmark::State& state) {
  const auto [x, y] = sample(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(core::distance_correlation_1d(x, y));
  state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_DcorFast1d)
    ->RangeMultiplier(10)
    ->Range(1000, 1000000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity();

void BM_DcorQuadratic(benchmark::State& state) {
  const auto [x, y] = sample(static_cast<std::size_t>(state.range(0)));
  const Eigen::MatrixXd a =
      Eigen::Map<const Eigen::VectorXd>(x.data(), static_cast<Eigen::Index>(x.size()));
  const Eigen::MatrixXd b =
      Eigen::Map<const Eigen::VectorXd>(y.data(), static_cast<Eigen::Index>(y.size()));
  for (auto _ : state) benchmark::DoNotOptimize(core::distance_correlation_sq(a, b));
}
BENCHMARK(BM_DcorQuadratic)->RangeMultiplier(10)->Range(1000, 10000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
