// One writer per sweep directory: two `edgetune sweep --out DIR` started at
// once would interleave their rows and each drop the other's. The lock is
// flock(2) on the directory itself: no file is left behind, and the kernel
// releases it when the holder exits, however it exits.
#ifndef EDGETUNE_EXPERIMENTS_SWEEP_DIRECTORY_LOCK_H_
#define EDGETUNE_EXPERIMENTS_SWEEP_DIRECTORY_LOCK_H_

#include <string>

namespace experiments {

class DirectoryLock {
 public:
  // Locks the existing directory `dir`, or throws core::InputError naming it
  // when another process holds it (or it cannot be opened).
  explicit DirectoryLock(const std::string& dir);
  ~DirectoryLock();
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_SWEEP_DIRECTORY_LOCK_H_
