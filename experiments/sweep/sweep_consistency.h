// Whether a sweep directory's tables agree with each other: every finished
// run has all its trial rows, no row is cut short, no run is missing. Resume
// mends what it can (a run short of trial rows runs again); merge, report
// and compare refuse a directory that is not whole, in one line naming what
// is amiss, rather than summarise part of it.
#ifndef EDGETUNE_EXPERIMENTS_SWEEP_SWEEP_CONSISTENCY_H_
#define EDGETUNE_EXPERIMENTS_SWEEP_SWEEP_CONSISTENCY_H_

#include <cstddef>
#include <string>
#include <vector>

namespace experiments {

// How many trial rows a run row of runs.csv must have in trials.csv: one per
// trial it ran, none for a full-grid method (its run row carries the totals).
class TrialRowsDue {
 public:
  // `header`: runs.csv's columns. Throws core::InputError naming `path` when
  // it lacks the optimizer or trials column.
  TrialRowsDue(const std::string& path, const std::vector<std::string>& header);
  // For the run row `fields` (row `row` of the file, 1-based with the
  // header). Throws core::InputError naming the row when its trials field
  // is not a count.
  std::size_t operator()(std::size_t row, const std::vector<std::string>& fields) const;

 private:
  std::string path_;
  std::size_t optimizer_ = 0, trials_ = 0;
};

// Whether the file is empty or ends with a newline (no row cut short).
bool ends_whole(const std::string& path);

// Checks that the sweep directory `dir` is whole before it is summarised:
// sweep.json says the sweep completed, runs.csv holds each of its runs once
// and, `with_trials`, trials.csv each run's trial rows, and neither ends
// mid-row. Throws core::InputError naming the first thing amiss and the fix.
void check_sweep_whole(const std::string& dir, bool with_trials = true);

// What compare reads: for a directory, check_sweep_whole without the trial
// rows (compare reads runs.csv only); for a runs.csv given alone (a stored
// baseline), that its last row is whole.
void check_sweep_input(const std::string& path);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_SWEEP_SWEEP_CONSISTENCY_H_
