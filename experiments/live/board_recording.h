// Recording a board (`live --record`): a design of configurations
// (experiments/surfaces/sample_design.h) measured on it and written as a
// sampled recording (format version 2: /measured says which configurations
// were measured; `edgetune complete` fills the rest).
//
// Each reading is appended to a journal beside the output (OUT.readings.csv)
// as it is taken, so a recording that is interrupted (Ctrl-C, a closed
// terminal, a crash) resumes where it stopped when rerun with the same
// options; the journal is removed once OUT is written.
#ifndef EDGETUNE_EXPERIMENTS_LIVE_BOARD_RECORDING_H_
#define EDGETUNE_EXPERIMENTS_LIVE_BOARD_RECORDING_H_

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "devices/jetson_device.h"
#include "experiments/surfaces/sample_design.h"

namespace experiments {

struct RecordingPlan {
  std::string out;  // the surface to write
  std::size_t configurations = 0;
  SampleDesign design = SampleDesign::kLatinHypercube;
  int repeats = 3;  // readings per configuration
  std::uint64_t seed = 0;
  std::string root;  // the board's sysfs root
  // The surface's ids: the board's device profile id (so that `complete
  // --method model-gp` and `import --grid device` find its tables) and the
  // workload's model; "live:<root>" and "workload" when not given.
  std::string device, model;
  double settle_s = 0.0, window_s = 0.0;  // per reading, for the board-time estimate
};

// The journal of a recording into `out`.
std::string recording_journal(const std::string& out);

// "150 configurations x 3 readings x (2.0 + 5.0) s = 52 min 30 s of board
// time", for the configurations the journal does not hold yet.
std::string board_time_text(const RecordingPlan& plan, const core::ConfigSpace& space);

// Measures the plan's design on `device`, resuming from its journal, and
// writes plan.out. A configuration whose reading fails or trips the power
// cap is measured and cannot run (NaN); its other readings are not taken.
// Each reading is a line on `progress` (none when null: -q). Throws
// core::InputError when the journal belongs to another recording.
void record_board(devices::JetsonDevice& device, const RecordingPlan& plan, std::ostream* progress);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_LIVE_BOARD_RECORDING_H_
