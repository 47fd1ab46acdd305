// load_surface: the surface reader run in a child process, so that a file
// that crashes or hangs libhdf5 (../shared/bad-surfaces/: strlen(NULL) and
// unchecked global-heap reads in HDF5 1.10, endless metadata-cache loops)
// costs the caller one line of error, never its process.
//
// The child reads under an address-space limit (on top of what the forked
// copy of the caller already maps) and leaves the surface
// (surface_codec.h) in an in-memory file (memfd) for the parent, which learns
// of the child's end when a pipe only the child holds closes (no pipe
// ping-pong for the megabytes of a big surface); before each object it asks
// libhdf5 for,
// it writes the object's name into a page shared with the parent, so a
// death names what was being read. The parent kills the child once it has
// used kBaseSeconds (or $EDGETUNE_READ_TIMEOUT_S) + file size / kReadRate
// of CPU (a damaged file), or 20 times that plus 10 s of wall time (a
// stalled disk, or a lock another thread held at fork: said so, not blamed
// on the file). The child is a fork, not a fresh process: a reader binary
// of its own would have to be found beside the tests, the CLI and the
// Python module alike.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <sstream>
#include <string>

#include "core/errors.h"
#include "traces/hdf5_util.h"
#include "traces/surface_codec.h"
#include "traces/surface_file.h"
#include "traces/surface_reader.h"

// AddressSanitizer builds (the fuzz target): no address-space limit, which
// ASan's shadow memory would exceed, and no fuzzer death callback in the child.
#if defined(__SANITIZE_ADDRESS__)
#define EDGETUNE_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EDGETUNE_SANITIZED 1
#endif
#endif

#ifdef EDGETUNE_SANITIZED
// The sanitizers' hook run before a report ends the process; a fuzzer
// registers one that saves the input as a crash of its own.
extern "C" void __sanitizer_set_death_callback(void (*callback)(void));
#endif

namespace traces {
namespace {

// A healthy surface reads in milliseconds (the shipped 640 KB ones in 5 ms);
// a damaged one that loops must end within about a second.
constexpr double kBaseSeconds = 0.5;
constexpr double kReadRate = 20e6;  // bytes per second, far below any disk's
// The wall-clock backstop, for a read stalled on I/O: generous, since a
// loaded machine stretches wall time but not CPU time.
constexpr double kWallFactor = 20.0;
constexpr double kWallSlack = 10.0;
// Address space for the child: a corrupt dataspace can claim terabytes.
constexpr rlim_t kMinAddressSpace = rlim_t{4} << 30;
constexpr rlim_t kAddressSpacePerFileByte = 64;
constexpr std::size_t kNoteSize = 256;

// The page the child notes its progress in.
class SharedNote {
 public:
  SharedNote()
      : page_(static_cast<char*>(
            mmap(nullptr, kNoteSize, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0))) {
    if (page_ == MAP_FAILED) throw core::InputError("cannot map a page to read a surface in");
    page_[0] = '\0';
  }
  ~SharedNote() { munmap(page_, kNoteSize); }
  SharedNote(const SharedNote&) = delete;
  SharedNote& operator=(const SharedNote&) = delete;

  void write(const std::string& what) {
    const std::size_t n = std::min(what.size(), kNoteSize - 1);
    std::memcpy(page_, what.data(), n);
    page_[n] = '\0';
  }
  std::string read() const { return std::string(page_, strnlen(page_, kNoteSize)); }

 private:
  char* page_;
};

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
// field, in pages), read with system calls only: this runs after fork.
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

// In the child: read, leave 'S' + the surface or 'E' + the error line in
// `out`, exit (which closes the pipe the parent watches).
[[noreturn]] void child_reads(const std::string& path, off_t size, int out, SharedNote& note) {
  // A fault in libhdf5 is to end this process by its signal, for the parent
  // to report: not to run handlers it inherited (a sanitizer's or a
  // fuzzer's report, a crash file).
  for (int fault : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) signal(fault, SIG_DFL);
#ifdef EDGETUNE_SANITIZED
  __sanitizer_set_death_callback(nullptr);
#endif
#ifndef EDGETUNE_SANITIZED
  // On top of what the child already maps: a fork is a copy of the caller,
  // which may itself use gigabytes (Python with numpy or torch loaded).
  const rlim_t limit = mapped_bytes() + std::max(kMinAddressSpace, static_cast<rlim_t>(size) *
                                                                       kAddressSpacePerFileByte);
  const rlimit address_space{limit, limit};
  setrlimit(RLIMIT_AS, &address_space);
#else
  (void)size;
#endif
  std::string message;
  try {
    message = "S" + encode_surface(read_surface_in_process(
                        path, [&](const std::string& w) { note.write(w); }));
  } catch (const core::InputError& e) {
    message = std::string("E") + e.what();
  } catch (const std::bad_alloc&) {
    message = "E" + path + ": " + note.read() +
              ": needs more memory than a surface can (the file is corrupt): regenerate or "
              "re-copy it";
  } catch (const std::exception& e) {
    message = "E" + path + ": " + note.read() + ": cannot be read (" + e.what() +
              "); the file may be corrupt: regenerate or re-copy it";
  }
  _exit(write_all(out, message) ? 0 : 3);
}

// Owns a file descriptor.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

// CPU seconds `pid` has used so far (user + system, /proc/<pid>/stat), or
// -1 when it cannot be read (the child is gone).
double cpu_seconds(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(stat, text)) return -1;
  // Fields after the command name (which may hold spaces, in parentheses):
  // state is field 3, utime and stime fields 14 and 15.
  std::istringstream fields(text.substr(text.rfind(')') + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// How waiting for the child ended.
enum class Wait { kFinished, kOutOfCpu, kStalled };

// kFinished when `fd` reached end of file (its writer, the child `pid`,
// exited) before the child used `cpu_limit_s` of CPU (kOutOfCpu) or
// `wall_limit_s` passed (kStalled). CPU time, not wall time, is the limit
// that matters: a looping libhdf5 burns it, while a healthy read on a
// loaded machine only waits longer for its turn; the wall limit catches a
// read stalled on a dead disk or a lock.
Wait wait_for_eof(int fd, pid_t pid, double cpu_limit_s, double wall_limit_s) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::duration<double>(wall_limit_s);
  constexpr int kCheckEveryMs = 20;
  char byte;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    const int ready = poll(&p, 1, kCheckEveryMs);
    if (ready < 0 && errno == EINTR) continue;
    if (ready > 0) {
      const ssize_t n = read(fd, &byte, 1);
      if (n == 0 || (n < 0 && errno != EINTR)) return Wait::kFinished;
      continue;
    }
    if (cpu_seconds(pid) > cpu_limit_s) return Wait::kOutOfCpu;
  }
  return Wait::kStalled;
}

// The whole content of the in-memory file the child wrote.
std::string read_all(int fd) {
  std::string bytes;
  char buffer[1 << 16];
  for (off_t at = 0;;) {
    const ssize_t n = pread(fd, buffer, sizeof buffer, at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return bytes;
    bytes.append(buffer, static_cast<std::size_t>(n));
    at += n;
  }
}

// kBaseSeconds, or EDGETUNE_READ_TIMEOUT_S when set to a positive number
// (a slow network disk; the fuzz run's shorter wait).
double base_seconds() {
  const char* text = std::getenv("EDGETUNE_READ_TIMEOUT_S");
  if (!text) return kBaseSeconds;
  char* end = nullptr;
  const double seconds = std::strtod(text, &end);
  return end != text && *end == '\0' && seconds > 0 && std::isfinite(seconds) ? seconds
                                                                              : kBaseSeconds;
}

std::string signal_name(int signal) {
  const char* name = strsignal(signal);
  return name ? name : "signal " + std::to_string(signal);
}

}  // namespace

Surface load_surface(const std::string& path) {
  struct stat info {};
  const off_t size = ::stat(path.c_str(), &info) == 0 ? info.st_size : 0;
  // Initialised once here rather than in every child.
  silence_hdf5_errors();
  SharedNote note;
  const Fd result(memfd_create("edgetune-surface", MFD_CLOEXEC));
  int pipe_fds[2] = {-1, -1};
  if (result.get() < 0 || pipe2(pipe_fds, O_CLOEXEC) != 0) {
    throw core::InputError(path + ": cannot set up a reader process (" + std::strerror(errno) +
                           ")");
  }
  const Fd done(pipe_fds[0]);
  Fd child_end(pipe_fds[1]);
  const pid_t pid = fork();
  if (pid < 0) {
    throw core::InputError(path + ": cannot start a reader process (" + std::strerror(errno) + ")");
  }
  if (pid == 0) child_reads(path, size, result.get(), note);
  child_end.reset();

  const double limit_s = base_seconds() + static_cast<double>(size) / kReadRate;
  const Wait wait = wait_for_eof(done.get(), pid, limit_s, kWallFactor * limit_s + kWallSlack);
  const bool finished = wait == Wait::kFinished;
  if (!finished) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  const std::string message = finished ? read_all(result.get()) : std::string();

  const std::string reading = note.read().empty() ? "/" : note.read();
  if (wait == Wait::kOutOfCpu) {
    throw core::InputError(path + ": " + reading + ": libhdf5 did not finish reading it in " +
                           std::to_string(static_cast<int>(limit_s * 1000)) +
                           " ms of CPU (a damaged file can make it loop): regenerate or re-copy "
                           "it");
  }
  if (wait == Wait::kStalled) {
    // Out of time with CPU to spare: waiting on a disk, or on a lock the
    // process held when the reader was forked. Not the file's fault.
    throw core::InputError(path + ": " + reading + ": the reader process stalled for " +
                           std::to_string(static_cast<int>(kWallFactor * limit_s + kWallSlack)) +
                           " s using little CPU (a stalled disk or a busy process, not a damaged "
                           "file); retry, or raise EDGETUNE_READ_TIMEOUT_S for a slow disk");
  }
  if (WIFSIGNALED(status)) {
    throw core::InputError(path + ": " + reading + ": libhdf5 crashed reading it (" +
                           signal_name(WTERMSIG(status)) +
                           "); the file is corrupt: regenerate or re-copy it");
  }
  if (message.empty() || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw core::InputError(path + ": " + reading + ": the reader process failed (exit status " +
                           std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) +
                           "), not the file; retry");
  }
  if (message[0] == 'E') throw core::InputError(message.substr(1));
  return decode_surface(message.substr(1));
}

}  // namespace traces
