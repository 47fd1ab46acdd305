// A process-wide "stop now" flag for the live driver: the CLI's SIGINT and
// SIGTERM handlers set it (an atomic store is async-signal-safe), and the
// driver checks it at every power sample, so Ctrl-C ends a trial within one
// sample period and the board is restored on the normal error path.
#ifndef EDGETUNE_DEVICES_STOP_REQUEST_H_
#define EDGETUNE_DEVICES_STOP_REQUEST_H_

#include <atomic>
#include <stdexcept>

namespace devices {

inline std::atomic<int>& stop_signal() {
  static std::atomic<int> signal{0};
  return signal;
}
inline void request_stop(int signal_number) { stop_signal().store(signal_number); }
inline bool stop_requested() { return stop_signal().load() != 0; }

// Thrown by the driver when a stop was requested.
struct Stopped : std::runtime_error {
  explicit Stopped(int signal_number)
      : std::runtime_error("stopped by signal " + std::to_string(signal_number)),
        signal(signal_number) {}
  int signal;
};

}  // namespace devices

#endif  // EDGETUNE_DEVICES_STOP_REQUEST_H_
