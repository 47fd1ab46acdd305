#include "core/directory_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/errors.h"

namespace core {

DirectoryLock::DirectoryLock(const std::string& dir, const std::string& busy)
    : fd_(open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {
  if (fd_ < 0) {
    throw InputError(dir + ": cannot open the directory to lock it (" + std::strerror(errno) + ")");
  }
  if (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    close(fd_);
    // Where the filesystem has no locks (some NFS mounts), the lock
    // guards nothing and is not demanded.
    if (error == ENOLCK || error == EOPNOTSUPP || error == ENOSYS) {
      fd_ = -1;
      return;
    }
    if (error == EWOULDBLOCK) {
      throw InputError(dir + ": " + busy);
    }
    throw InputError(dir + ": cannot lock the directory (" + std::strerror(error) + ")");
  }
}

DirectoryLock::~DirectoryLock() {
  if (fd_ >= 0) close(fd_);
}

}  // namespace core
