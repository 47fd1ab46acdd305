#include "experiments/sweep/directory_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/errors.h"

namespace experiments {

DirectoryLock::DirectoryLock(const std::string& dir)
    : fd_(open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {
  if (fd_ < 0) {
    throw core::InputError(dir + ": cannot open the directory to lock it (" + std::strerror(errno) +
                           ")");
  }
  if (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    close(fd_);
    if (error == EWOULDBLOCK) {
      throw core::InputError(dir +
                             ": another edgetune sweep or merge is writing this directory; wait "
                             "for it to end, or choose another --out");
    }
    throw core::InputError(dir + ": cannot lock the directory (" + std::strerror(error) + ")");
  }
}

DirectoryLock::~DirectoryLock() { close(fd_); }

}  // namespace experiments
