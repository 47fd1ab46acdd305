// One writer per directory: two sweeps into one --out would interleave their
// rows and drop each other's; two live drivers on one board would each
// restore the other's clocks and delete its state file. The lock is flock(2)
// on the directory itself (a sweep directory, a board's sysfs root): no file
// is left behind, and the kernel releases it when the holder exits, however
// it exits. It excludes writers on one machine: on a network filesystem
// another node's writer may not see it, and where the filesystem has no
// locks at all none is taken.
#ifndef EDGETUNE_CORE_DIRECTORY_LOCK_H_
#define EDGETUNE_CORE_DIRECTORY_LOCK_H_

#include <string>

namespace core {

class DirectoryLock {
 public:
  // Locks the existing directory `dir`, or throws InputError "DIR: `busy`"
  // when another process holds it (or one naming why it cannot be opened).
  DirectoryLock(const std::string& dir, const std::string& busy);
  ~DirectoryLock();
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace core

#endif  // EDGETUNE_CORE_DIRECTORY_LOCK_H_
