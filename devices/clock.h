// The live driver's sense of time: when to sample power, how long to settle
// and measure, and what a trial cost. Injected so that tests can run the
// driver's timing on a fake clock without sleeping through it.
#ifndef EDGETUNE_DEVICES_CLOCK_H_
#define EDGETUNE_DEVICES_CLOCK_H_

namespace devices {

class Clock {
 public:
  virtual ~Clock() = default;
  // Monotonic seconds since an arbitrary epoch.
  virtual double now_s() const = 0;
  // Blocks for `seconds` (as this clock counts them).
  virtual void sleep_s(double seconds) = 0;
};

// std::chrono::steady_clock and std::this_thread::sleep_for; the default.
Clock& steady_clock();

}  // namespace devices

#endif  // EDGETUNE_DEVICES_CLOCK_H_
