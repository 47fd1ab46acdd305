#include "experiments/cli/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace experiments {
namespace {

constexpr double kTerminalRefreshS = 0.1;
constexpr double kLogIntervalS = 5.0;
constexpr int kBarWidth = 30;

std::string duration(double seconds) {
  const long s = static_cast<long>(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}h{:02}m", s / 3600, s % 3600 / 60);
  if (s >= 60) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}s", s);
}

}  // namespace

Progress::Progress(std::size_t total, std::string what, bool enabled)
    : total_(total), what_(std::move(what)), enabled_(enabled), terminal_(isatty(STDERR_FILENO)) {
  last_print_ = start_;
}

void Progress::advance(std::size_t n) {
  if (!enabled_) return;
  const std::lock_guard<std::mutex> lock(mutex_);
  done_ += n;
  const double since = std::chrono::duration<double>(Clock::now() - last_print_).count();
  if (since >= (terminal_ ? kTerminalRefreshS : kLogIntervalS)) print(false);
}

void Progress::finish() {
  if (!enabled_) return;
  const std::lock_guard<std::mutex> lock(mutex_);
  print(true);
}

void Progress::print(bool final) {
  last_print_ = Clock::now();
  const double elapsed = std::chrono::duration<double>(last_print_ - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(done_) / elapsed : 0.0;
  const std::string eta =
      rate > 0 && done_ < total_ ? duration(static_cast<double>(total_ - done_) / rate) : "-";
  const std::string stats = fmt::format("{}/{} {}  {:.1f}/s  elapsed {}  ETA {}", done_, total_,
                                        what_, rate, duration(elapsed), eta);
  if (terminal_) {
    const int filled = total_ ? static_cast<int>(kBarWidth * done_ / total_) : kBarWidth;
    std::fprintf(stderr, "\r[%s%s] %s\x1b[K%s", std::string(filled, '#').c_str(),
                 std::string(kBarWidth - filled, '.').c_str(), stats.c_str(), final ? "\n" : "");
  } else {
    std::fprintf(stderr, "%s\n", stats.c_str());
  }
  std::fflush(stderr);
}

}  // namespace experiments
