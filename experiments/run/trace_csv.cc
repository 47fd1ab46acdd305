#include "experiments/run/trace_csv.h"

#include <fmt/format.h>

#include <cmath>
#include <fstream>

#include "core/errors.h"

namespace experiments {

void write_trace_csv(const std::string& path, const core::ConfigSpace& space,
                     const core::RunLog& log) {
  std::ofstream out(path);
  if (!out) throw core::InputError(path + ": cannot write the trace; check the directory");
  out << "trial";
  for (const core::Knob& knob : space.knobs()) out << ',' << knob.name;
  out << ",available,throughput_fps,power_w,cost_s\n";
  for (std::size_t i = 0; i < log.trials.size(); ++i) {
    const core::Measurement& m = log.trials[i];
    out << i;
    for (std::size_t k = 0; k < space.num_knobs(); ++k) out << ',' << space.value(m.config, k);
    out << ',' << (m.available ? 1 : 0) << ','
        << (std::isnan(m.throughput_fps) ? "" : fmt::format("{}", m.throughput_fps)) << ','
        << (std::isnan(m.power_w) ? "" : fmt::format("{}", m.power_w)) << ',' << m.cost_s << '\n';
  }
  if (!out.flush()) throw core::InputError(path + ": write failed; is the disk full?");
}

}  // namespace experiments
