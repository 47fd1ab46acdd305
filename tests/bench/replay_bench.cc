// The replay hot loop: one simulated trial on a shipped-size surface, against
// the floor of a plain array lookup plus two normal draws; and one CORAL run.
#include <benchmark/benchmark.h>

#include <random>

#include "core/optimizers/coral/coral.h"
#include "core/run.h"
#include "sim/surface_device.h"
#include "traces/surface_file.h"

namespace {

std::shared_ptr<const traces::Surface> surface() {
  static const auto s = std::make_shared<const traces::Surface>(traces::load_surface(
      std::string(EDGETUNE_SOURCE_DIR) + "/traces/surfaces/agx-orin_yolov8x.h5"));
  return s;
}

void BM_SurfaceDeviceTrial(benchmark::State& state) {
  sim::SurfaceDevice device(surface(), 1);
  std::mt19937_64 rng(2);
  std::uniform_int_distribution<std::size_t> pick(0, surface()->space.size() - 1);
  std::vector<core::Config> configs;
  for (int i = 0; i < 4096; ++i) configs.push_back(surface()->space.config(pick(rng)));
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(device.measure(configs[i++ & 4095]));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SurfaceDeviceTrial);

void BM_FloorLookupAndTwoNormals(benchmark::State& state) {
  const auto& fps = surface()->throughput_fps();
  const auto& watts = surface()->power_w();
  std::mt19937_64 rng(2);
  std::normal_distribution<double> normal;
  std::uniform_int_distribution<std::size_t> pick(0, fps.size() - 1);
  std::vector<std::size_t> index;
  for (int i = 0; i < 4096; ++i) index.push_back(pick(rng));
  std::size_t i = 0;
  for (auto _ : state) {
    const std::size_t at = index[i++ & 4095];
    benchmark::DoNotOptimize(fps[at] + normal(rng));
    benchmark::DoNotOptimize(watts[at] + normal(rng));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FloorLookupAndTwoNormals);

void BM_Coral30Trials(benchmark::State& state) {
  const core::Goal goal = core::Goal::max_throughput(30.0);
  std::uint64_t seed = 0;
  for (auto _ : state) {
    sim::SurfaceDevice device(surface(), seed);
    core::Coral coral;
    benchmark::DoNotOptimize(core::run(coral, device, goal, core::Budget{}, seed++));
  }
}
BENCHMARK(BM_Coral30Trials)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
