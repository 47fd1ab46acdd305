// Every trial of a run as CSV (`edgetune run --trace FILE`).
#ifndef EDGETUNE_EXPERIMENTS_RUN_TRACE_CSV_H_
#define EDGETUNE_EXPERIMENTS_RUN_TRACE_CSV_H_

#include <string>

#include "core/run.h"

namespace experiments {

// Columns: trial, one per knob (physical value), available, throughput_fps,
// power_w, cost_s. Throws core::InputError when `path` cannot be written.
void write_trace_csv(const std::string& path, const core::ConfigSpace& space,
                     const core::RunLog& log);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_RUN_TRACE_CSV_H_
