// edgetune-surface-reader: the process load_surface (traces/contained_read.cc)
// starts to read one surface file, so that a file that crashes or hangs
// libhdf5 costs the caller one line of error, never its process. A fresh
// process, not a fork of the caller: it maps only itself (its address-space
// limit is about the file, not about a caller that may hold gigabytes) and
// inherits no lock another thread of the caller held.
//
//   edgetune-surface-reader PATH FILE_SIZE CPU_SECONDS CALLER_PID
// with three descriptors set up by the caller:
//   3: an in-memory file that receives 'S' + the surface (surface_codec.h),
//      or 'E' + a one-line error;
//   4: a shared page (kProgressNoteSize bytes) that names what is read next,
//      so that a death names the object that killed it;
//   5: a pipe the caller watches; it closes when this process ends.
// Exit status 0 once the result is written; kCannotWriteResult when it
// could not be; death by a signal is libhdf5's fault on the file. The
// caller watches the reader's CPU time and kills it; should the caller die
// first (kill -9, a Slurm job's end), the reader dies with it
// (PR_SET_PDEATHSIG), and RLIMIT_CPU ends a loop no one watches.
#include <fcntl.h>
#include <linux/close_range.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <string>

#include "core/errors.h"
#include "traces/reader_process/protocol.h"
#include "traces/surface_codec.h"
#include "traces/surface_reader.h"

// AddressSanitizer builds (the fuzz targets): no address-space limit, which
// ASan's shadow memory would exceed.
#if defined(__SANITIZE_ADDRESS__)
#define EDGETUNE_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EDGETUNE_SANITIZED 1
#endif
#endif

namespace {

using traces::reader_process::kProgressNoteSize;

// A corrupt dataspace can claim terabytes: the reader may map this much on
// top of what it maps at start.
constexpr rlim_t kMinAddressSpace = rlim_t{4} << 30;
constexpr rlim_t kAddressSpacePerFileByte = 64;

bool write_all(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// The bytes of address space this process maps (/proc/self/statm's first
// field, in pages).
rlim_t mapped_bytes() {
  char text[64] = {};
  const int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  const ssize_t n = read(fd, text, sizeof text - 1);
  close(fd);
  rlim_t pages = 0;
  for (ssize_t i = 0; i < n && text[i] >= '0' && text[i] <= '9'; ++i)
    pages = pages * 10 + static_cast<rlim_t>(text[i] - '0');
  return pages * static_cast<rlim_t>(sysconf(_SC_PAGESIZE));
}

void limit_address_space(unsigned long long file_size) {
#ifndef EDGETUNE_SANITIZED
  const rlim_t limit = mapped_bytes() + std::max(kMinAddressSpace, static_cast<rlim_t>(file_size) *
                                                                       kAddressSpacePerFileByte);
  const rlimit address_space{limit, limit};
  setrlimit(RLIMIT_AS, &address_space);
#else
  (void)file_size;
#endif
}

// The page shared with the caller; writes there survive this process's death.
class ProgressNote {
 public:
  ProgressNote()
      : page_(static_cast<char*>(mmap(nullptr, kProgressNoteSize, PROT_READ | PROT_WRITE,
                                      MAP_SHARED, traces::reader_process::kNoteFd, 0))) {}
  bool ok() const { return page_ != MAP_FAILED; }
  void write(const std::string& what) {
    const std::size_t n = std::min(what.size(), kProgressNoteSize - 1);
    std::memcpy(page_, what.data(), n);
    page_[n] = '\0';
  }
  std::string read() const { return std::string(page_, strnlen(page_, kProgressNoteSize)); }

 private:
  char* page_;
};

std::string read_to_message(const std::string& path, ProgressNote& note) {
  try {
    return "S" + traces::encode_surface(traces::read_surface_in_process(
                     path, [&](const std::string& w) { note.write(w); }));
  } catch (const core::InputError& e) {
    return std::string("E") + e.what();
  } catch (const std::bad_alloc&) {
    return "E" + path + ": " + note.read() +
           ": needs more memory than a surface can (the file is corrupt): regenerate or re-copy "
           "it";
  } catch (const std::exception& e) {
    return "E" + path + ": " + note.read() + ": cannot be read (" + e.what() +
           "); the file may be corrupt: regenerate or re-copy it";
  }
}

}  // namespace

int main(int argc, char** argv) {
  using traces::reader_process::kCannotWriteResult;
  if (argc != 5) return kCannotWriteResult;
  // Ends with its caller; a caller gone before this line is caught by its
  // pid (the reader was adopted by another).
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != static_cast<pid_t>(std::strtol(argv[4], nullptr, 10))) return kCannotWriteResult;
  // Only the three descriptors of the protocol, whatever the caller left
  // open without close-on-exec.
  close_range(traces::reader_process::kFinishedFd + 1, ~0U, 0);
  // A fault in libhdf5 is to end this process by its signal, for the caller
  // to report, not to run a sanitizer's report in its place.
  for (int fault : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) signal(fault, SIG_DFL);
  const rlim_t cpu = static_cast<rlim_t>(std::strtoul(argv[3], nullptr, 10));
  const rlimit cpu_limit{cpu, cpu + 1};
  setrlimit(RLIMIT_CPU, &cpu_limit);
  limit_address_space(std::strtoull(argv[2], nullptr, 10));
  ProgressNote note;
  if (!note.ok()) return kCannotWriteResult;
  const std::string message = read_to_message(argv[1], note);
  // _exit, not return: the result is written, and nothing at exit may run
  // after it. libhdf5's own clean-up can loop on a damaged file's state
  // ("infinite loop closing library"), and a leak checker would report what
  // libhdf5 leaked on it as a finding of ours.
  _exit(write_all(traces::reader_process::kResultFd, message) ? 0 : kCannotWriteResult);
}
