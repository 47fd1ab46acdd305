// What reading a surface in a process of its own (traces/contained_read.cc)
// costs over reading it in process: starting the reader, the hand-over and
// the decoding.
#include <benchmark/benchmark.h>

#include <string>

#include "traces/surface_file.h"
#include "traces/surface_reader.h"

namespace {

const std::string kSurface =
    std::string(EDGETUNE_SOURCE_DIR) + "/traces/surfaces/agx-orin_yolov8x.h5";

void BM_LoadSurfaceInProcess(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(traces::read_surface_in_process(kSurface));
}
BENCHMARK(BM_LoadSurfaceInProcess)->Unit(benchmark::kMillisecond);

void BM_LoadSurfaceContained(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(traces::load_surface(kSurface));
}
BENCHMARK(BM_LoadSurfaceContained)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
