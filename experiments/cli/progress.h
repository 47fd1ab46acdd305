// Progress of long work on stderr: a redrawn bar (done/total, rate, ETA)
// when stderr is a terminal, a plain line every few seconds otherwise (logs,
// CI). Thread-safe.
#ifndef EDGETUNE_EXPERIMENTS_CLI_PROGRESS_H_
#define EDGETUNE_EXPERIMENTS_CLI_PROGRESS_H_

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>

namespace experiments {

class Progress {
 public:
  // `what` names the units ("runs"); `enabled` false prints nothing.
  Progress(std::size_t total, std::string what, bool enabled);
  void advance(std::size_t n = 1);
  // Ends the bar's line (terminal) or prints the last line.
  void finish();

 private:
  void print(bool final);

  using Clock = std::chrono::steady_clock;
  std::size_t total_;
  std::string what_;
  bool enabled_;
  bool terminal_;
  std::size_t done_ = 0;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_print_;
  std::mutex mutex_;
};

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_CLI_PROGRESS_H_
