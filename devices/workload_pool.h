// The workload of a live run: `copies` concurrent copies of a user command,
// each counted by the frames it reports.
//
// Protocol: the command runs under /bin/sh -c with EDGETUNE_STREAM (0-based
// copy index) and EDGETUNE_CONCURRENCY (number of copies) in its
// environment, and prints one line on stdout per finished frame (any text;
// only newlines are counted). Its stderr passes through. Each copy runs in
// its own process group and is stopped by that id (SIGTERM, then SIGKILL
// after a second), never by name, so nothing else on the board is touched;
// the group's leader stops it too when edgetune ends in any way, SIGKILL
// included.
#ifndef EDGETUNE_DEVICES_WORKLOAD_POOL_H_
#define EDGETUNE_DEVICES_WORKLOAD_POOL_H_

#include <sys/types.h>

#include <cstddef>
#include <string>
#include <vector>

namespace devices {

class WorkloadPool {
 public:
  explicit WorkloadPool(std::string command) : command_(std::move(command)) {}
  ~WorkloadPool() { stop(); }
  WorkloadPool(const WorkloadPool&) = delete;
  WorkloadPool& operator=(const WorkloadPool&) = delete;

  // Runs exactly `copies` copies: a different count restarts them all (each
  // copy is told the new concurrency). Throws core::DeviceError when a copy
  // cannot be started. Copies stop when the thread that started them ends
  // (that is what the kernel's parent-death signal follows), so call it from
  // a thread that lives as long as the pool: the live driver has one thread.
  void resize(int copies);
  // Frames reported since the last call, without blocking. Throws
  // core::DeviceError when a copy has exited (naming its status and the
  // command).
  std::size_t drain();
  // Stops every copy (idempotent).
  void stop();

  int copies() const { return static_cast<int>(copies_.size()); }

 private:
  struct Copy {
    pid_t pid = -1;
    int out = -1;  // read end of its stdout, non-blocking
  };
  std::string command_;
  std::vector<Copy> copies_;
};

}  // namespace devices

#endif  // EDGETUNE_DEVICES_WORKLOAD_POOL_H_
