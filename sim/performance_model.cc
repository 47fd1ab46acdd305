#include "sim/performance_model.h"

#include <algorithm>
#include <cmath>

namespace sim {
namespace {

// Exponent of the smooth minimum/maximum: stages that take similar time
// interfere (neither hides the other completely), as measured pipelines do.
constexpr double kSmoothness = 4.0;
// Memory the OS and runtime keep for themselves, GB.
constexpr double kReservedMemoryGb = 1.5;
// Throughput lost per stream beyond the online cores (context switches,
// cache thrash).
constexpr double kOversubscriptionPenalty = 0.07;
// Streams needed to close ~63% of the gap to full GPU occupancy.
constexpr double kOccupancyScale = 1.5;

double smooth_min(std::initializer_list<double> rates) {
  double sum = 0;
  for (double r : rates) sum += std::pow(r, -kSmoothness);
  return std::pow(sum, -1.0 / kSmoothness);
}

// Relative voltage at `f_mhz`: flat at v_min up to the knee, then linear to
// 1 at the top clock (DVFS tables are shaped like this).
double voltage(double f_mhz, double f_max_mhz, double v_min, double knee_mhz) {
  if (f_mhz <= knee_mhz || f_max_mhz <= knee_mhz) return v_min;
  return v_min + (1.0 - v_min) * (f_mhz - knee_mhz) / (f_max_mhz - knee_mhz);
}

}  // namespace

PerformanceModel::PerformanceModel(DeviceProfile device, ModelProfile model)
    : device_(std::move(device)), model_(std::move(model)) {}

PointMetrics PerformanceModel::evaluate(const OperatingPoint& p) const {
  const DeviceProfile& d = device_;
  const ModelProfile& m = model_;
  PointMetrics out;
  if (kReservedMemoryGb + p.concurrency * m.memory_gb_per_stream > d.memory_gb) {
    out.available = false;
    return out;
  }
  const double cpu_max = d.cpu_freq_mhz.back(), gpu_max = d.gpu_freq_mhz.back(),
               emc_max = d.emc_freq_mhz.back();
  const double gpu_scale = p.gpu_freq_mhz / gpu_max, emc_scale = p.emc_freq_mhz / emc_max;

  // Per-frame stage times, ms.
  const double cpu_ms = m.cpu_ms_at_1ghz * 1000.0 / (p.cpu_freq_mhz * d.cpu_speed);
  const double compute_ms = m.gflops_per_frame / (d.gpu_peak_tflops * gpu_scale * m.gpu_efficiency);
  const double memory_ms = m.dram_mb_per_frame / (d.mem_bandwidth_gbs * emc_scale);
  // Roofline with overlap: the slower of compute and memory dominates.
  const double gpu_ms = std::pow(
      std::pow(compute_ms, kSmoothness) + std::pow(memory_ms, kSmoothness), 1.0 / kSmoothness);

  // Three ceilings on frames per ms:
  const double streams = p.concurrency, cores = p.cpu_cores;
  // each stream runs its frames one after another through CPU then GPU;
  const double stream_rate = streams / (cpu_ms + gpu_ms);
  // the CPU work of all streams shares the online cores;
  const double oversubscribed = std::max(0.0, streams - cores);
  const double cpu_rate =
      std::min(streams, cores) / cpu_ms / (1.0 + kOversubscriptionPenalty * oversubscribed);
  // the GPU, whose occupancy grows with streams with diminishing returns.
  const double occupancy =
      1.0 - (1.0 - m.single_stream_occupancy) * std::exp(-(streams - 1.0) / kOccupancyScale);
  const double gpu_rate = occupancy / gpu_ms;
  const double frames_per_ms = smooth_min({stream_rate, cpu_rate, gpu_rate});

  // Power: idle + leakage of online cores + dynamic C V^2 f u per unit.
  const double busy_cores =
      std::min(cores, frames_per_ms * cpu_ms + 0.1 * std::min(streams, cores));
  const double gpu_busy = std::min(1.0, frames_per_ms * gpu_ms);
  const double traffic_gbs = frames_per_ms * m.dram_mb_per_frame;  // MB/ms = GB/s
  const double v_cpu = voltage(p.cpu_freq_mhz, cpu_max, d.cpu_vmin, d.cpu_knee_mhz);
  const double v_gpu = voltage(p.gpu_freq_mhz, gpu_max, d.gpu_vmin, d.gpu_knee_mhz);
  const double power_w = d.idle_w + d.core_static_w * cores +
                         d.cpu_dynamic_w * v_cpu * v_cpu * (p.cpu_freq_mhz / cpu_max) * busy_cores +
                         d.gpu_static_w * v_gpu * v_gpu +
                         d.gpu_dynamic_w * v_gpu * v_gpu * gpu_scale * gpu_busy +
                         d.emc_static_w * emc_scale + d.emc_w_per_gbs * traffic_gbs;

  out.throughput_fps = 1000.0 * frames_per_ms;
  out.power_w = power_w;
  // Little's law: frames in flight (one per stream) over the rate.
  out.latency_p50_ms = streams / frames_per_ms;
  const double contention = oversubscribed / std::max(1.0, cores);
  out.latency_p99_ms = out.latency_p50_ms * (1.15 + 0.5 * contention + 0.3 * std::pow(gpu_busy, 4));
  out.energy_per_frame_j = power_w / out.throughput_fps;
  return out;
}

}  // namespace sim
