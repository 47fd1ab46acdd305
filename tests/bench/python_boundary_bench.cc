// What a Python optimizer adds per trial: the same trivial method (propose
// the next configuration of a fixed cycle, ignore the reading, recommend the
// first) as a C++ class and as a Python class driven through PythonOptimizer,
// in the same 30-trial run loop on a replayed surface. The difference per
// trial is the cost of crossing into Python (GIL, argument conversion,
// the interpreter's method calls).
#include <benchmark/benchmark.h>
#include <pybind11/embed.h>

#include "core/run.h"
#include "experiments/python/python_optimizer.h"
#include "sim/surface_device.h"
#include "traces/surface_file.h"

namespace py = pybind11;

namespace {

constexpr int kTrials = 30;

std::shared_ptr<const traces::Surface> surface() {
  static const auto s = std::make_shared<const traces::Surface>(traces::load_surface(
      std::string(EDGETUNE_SOURCE_DIR) + "/traces/surfaces/agx-orin_yolov8x.h5"));
  return s;
}

class Cycle : public core::Optimizer {
 public:
  void start(const core::ConfigSpace& space, const core::Goal&, const core::Budget&,
             std::uint64_t) override {
    space_ = &space;
    next_ = 0;
  }
  std::optional<core::Config> propose() override {
    return space_->config(next_++ * 7919 % space_->size());
  }
  void observe(const core::Measurement&) override {}
  std::optional<core::Config> recommend() const override { return space_->config(0); }

 private:
  const core::ConfigSpace* space_ = nullptr;
  std::size_t next_ = 0;
};

constexpr const char* kPythonCycle = R"(
class Cycle:
    def start(self, space, goal, budget, seed):
        self.space, self.next = space, 0
    def propose(self):
        config = self.space.config(self.next * 7919 % len(self.space))
        self.next += 1
        return config
    def observe(self, measurement):
        pass
    def recommend(self):
        return self.space.config(0)
)";

void run_loop(benchmark::State& state, core::Optimizer& optimizer) {
  sim::SurfaceDevice device(surface(), 1);
  const core::Goal goal = core::Goal::max_throughput(30.0);
  core::Budget budget;
  budget.max_trials = kTrials;
  for (auto _ : state) benchmark::DoNotOptimize(core::run(optimizer, device, goal, budget, 2));
  state.SetItemsProcessed(state.iterations() * kTrials);  // items = trials
}

void BM_CxxOptimizer30Trials(benchmark::State& state) {
  Cycle cycle;
  run_loop(state, cycle);
}
BENCHMARK(BM_CxxOptimizer30Trials);

void BM_PythonOptimizer30Trials(benchmark::State& state) {
  experiments::python::ensure_interpreter();
  py::object instance;
  {
    py::gil_scoped_acquire gil;
    py::dict scope;
    py::exec(kPythonCycle, scope);
    instance = scope["Cycle"]();
  }
  experiments::python::PythonOptimizer cycle(std::move(instance), "Cycle");
  run_loop(state, cycle);
}
BENCHMARK(BM_PythonOptimizer30Trials);

}  // namespace

BENCHMARK_MAIN();
