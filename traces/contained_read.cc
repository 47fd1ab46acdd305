// load_surface: the surface reader run in a process of its own
// (edgetune-surface-reader, reader_process/main.cc), so that a file that
// crashes or hangs libhdf5 (../shared/bad-surfaces/: strlen(NULL) and
// unchecked global-heap reads in HDF5 1.10, endless metadata-cache loops)
// costs the caller one line of error, never its process.
//
// The reader is started with posix_spawn, not forked: a fork would copy the
// caller's address space into the reader's limit and any lock another
// thread held at that moment. It leaves the surface (surface_codec.h) in an
// in-memory file (memfd) for the caller, which learns of the reader's end
// when a pipe only the reader holds closes; before each object it asks
// libhdf5 for, the reader writes the object's name into a page shared with
// the caller, so a death names what was being read. The caller kills the
// reader once it has used kBaseSeconds (or $EDGETUNE_READ_TIMEOUT_S) + file
// size / kReadRate of CPU (a damaged file), or 20 times that plus 10 s of
// wall time (a stalled disk: said so, not blamed on the file).
#include <dlfcn.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/errors.h"
#include "traces/reader_process/protocol.h"
#include "traces/surface_codec.h"
#include "traces/surface_file.h"

extern char** environ;

namespace traces {
namespace {

namespace fs = std::filesystem;
namespace rp = reader_process;

// A healthy surface reads in milliseconds (the shipped 640 KB ones in 5 ms);
// a damaged one that loops must end within about a second.
constexpr double kBaseSeconds = 0.5;
constexpr double kReadRate = 20e6;  // bytes per second, far below any disk's
// The wall-clock backstop, for a read stalled on I/O: generous, since a
// loaded machine stretches wall time but not CPU time.
constexpr double kWallFactor = 20.0;
constexpr double kWallSlack = 10.0;

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

// The page the reader notes its progress in: an in-memory file the reader
// maps as well.
class SharedNote {
 public:
  SharedNote() : fd_(memfd_create("edgetune-read-progress", MFD_CLOEXEC)) {
    if (fd_.get() < 0 || ftruncate(fd_.get(), rp::kProgressNoteSize) != 0) return;
    void* page = mmap(nullptr, rp::kProgressNoteSize, PROT_READ, MAP_SHARED, fd_.get(), 0);
    if (page != MAP_FAILED) page_ = static_cast<const char*>(page);
  }
  ~SharedNote() {
    if (page_) munmap(const_cast<char*>(page_), rp::kProgressNoteSize);
  }
  SharedNote(const SharedNote&) = delete;
  SharedNote& operator=(const SharedNote&) = delete;

  bool ok() const { return page_ != nullptr; }
  int fd() const { return fd_.get(); }
  std::string read() const { return std::string(page_, strnlen(page_, rp::kProgressNoteSize)); }

 private:
  Fd fd_;
  const char* page_ = nullptr;
};

// The directory of the binary or library this code is linked into, as an
// absolute path; empty when unknown. dladdr names a shared library (the
// Python module) by the path it was loaded from, but the main program by
// its argv[0], which may be a bare name to be looked up in PATH: then
// /proc/self/exe. A relative name is never used, or a file of that name in
// the working directory would be run.
fs::path directory_of_this_code() {
  Dl_info self{};
  if (dladdr(reinterpret_cast<void*>(&directory_of_this_code), &self) && self.dli_fname) {
    const fs::path loaded(self.dli_fname);
    if (loaded.is_absolute()) return loaded.parent_path();
  }
  std::error_code error;
  const fs::path program = fs::read_symlink("/proc/self/exe", error);
  return error || !program.is_absolute() ? fs::path() : program.parent_path();
}

// The reader executable: $EDGETUNE_SURFACE_READER when set; else the one
// beside the binary or library this code is linked into (an installed or
// copied build, the pip-installed module); else the one this build made
// (EDGETUNE_SURFACE_READER_PATH, set by CMake), which the tests and the
// Python module in the build tree use.
std::string reader_executable() {
  if (const char* given = std::getenv("EDGETUNE_SURFACE_READER"); given && *given) return given;
  std::error_code error;
  if (const fs::path dir = directory_of_this_code(); !dir.empty()) {
    const fs::path beside = dir / rp::kExecutableName;
    if (fs::is_regular_file(beside, error)) return beside.string();
  }
  return EDGETUNE_SURFACE_READER_PATH;
}

// A copy of `fd` numbered 10 or above (close-on-exec), so that the spawn's
// dup2 onto 3, 4 and 5 never finds its source already there: a C library
// older than glibc 2.29 keeps close-on-exec on a dup2 onto itself, and the
// reader would not inherit the descriptor.
int high_copy(int fd) { return fcntl(fd, F_DUPFD_CLOEXEC, 10); }

// Starts the reader on `path` with the result file, the progress page and
// the write end of the finished pipe as its descriptors 3, 4 and 5; it may
// use `cpu_limit_s` of CPU, and ends when this process does.
pid_t spawn_reader(const std::string& path, off_t size, double cpu_limit_s, int result, int note,
                   int finished) {
  const std::string reader = reader_executable();
  const Fd result_copy(high_copy(result)), note_copy(high_copy(note)),
      finished_copy(high_copy(finished));
  if (result_copy.get() < 0 || note_copy.get() < 0 || finished_copy.get() < 0) {
    throw core::InputError(path + ": cannot set up a reader process (" + std::strerror(errno) +
                           ")");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, result_copy.get(), rp::kResultFd);
  posix_spawn_file_actions_adddup2(&actions, note_copy.get(), rp::kNoteFd);
  posix_spawn_file_actions_adddup2(&actions, finished_copy.get(), rp::kFinishedFd);
  const std::string size_text = std::to_string(size);
  const std::string cpu_text = std::to_string(static_cast<long>(std::ceil(cpu_limit_s)) + 1);
  const std::string parent_text = std::to_string(getpid());
  std::vector<char*> argv{
      const_cast<char*>(reader.c_str()),      const_cast<char*>(path.c_str()),
      const_cast<char*>(size_text.c_str()),   const_cast<char*>(cpu_text.c_str()),
      const_cast<char*>(parent_text.c_str()), nullptr};
  pid_t pid = -1;
  const int error = posix_spawn(&pid, reader.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) {
    throw core::InputError(path + ": cannot start the surface reader " + reader + " (" +
                           std::strerror(error) +
                           "); not the file: rebuild edgetune, or set EDGETUNE_SURFACE_READER to "
                           "the edgetune-surface-reader executable");
  }
  return pid;
}

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
    if (i == 14) utime = std::strtoull(field.c_str(), nullptr, 10);
    if (i == 15) stime = std::strtoull(field.c_str(), nullptr, 10);
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

// Owns a started reader: kills it unless it finished, and reaps it, on every
// way out of load_surface. A reader killed in an uninterruptible read (a
// dead disk) may not die at once: waiting for it is bounded, and a reader
// still there is left for the kernel to reap when this process ends.
class ReaderProcess {
 public:
  explicit ReaderProcess(pid_t pid) : pid_(pid) {}
  ~ReaderProcess() {
    if (!reaped_) {
      kill(pid_, SIGKILL);
      wait(kReapAfterKillSeconds);
    }
  }
  ReaderProcess(const ReaderProcess&) = delete;
  ReaderProcess& operator=(const ReaderProcess&) = delete;

  pid_t pid() const { return pid_; }
  // Kills the reader unless `finished`, then reaps it; its wait status, or
  // -1 when it did not end within the bound.
  int end(bool finished) {
    if (!finished) kill(pid_, SIGKILL);
    return wait(finished ? kReapFinishedSeconds : kReapAfterKillSeconds);
  }

 private:
  static constexpr double kReapFinishedSeconds = 60.0;  // exiting after its result
  static constexpr double kReapAfterKillSeconds = 5.0;

  int wait(double seconds) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    int status = 0;
    for (;;) {
      const pid_t done = waitpid(pid_, &status, WNOHANG);
      if (done == pid_ || (done < 0 && errno != EINTR)) {
        reaped_ = true;
        return status;
      }
      if (std::chrono::steady_clock::now() > deadline) return -1;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }

  pid_t pid_;
  bool reaped_ = false;
};

}  // namespace

Surface load_surface(const std::string& path) {
  struct stat info {};
  const off_t size = ::stat(path.c_str(), &info) == 0 ? info.st_size : 0;
  SharedNote note;
  const Fd result(memfd_create("edgetune-surface", MFD_CLOEXEC));
  int pipe_fds[2] = {-1, -1};
  if (!note.ok() || result.get() < 0 || pipe2(pipe_fds, O_CLOEXEC) != 0) {
    throw core::InputError(path + ": cannot set up a reader process (" + std::strerror(errno) +
                           ")");
  }
  const Fd done(pipe_fds[0]);
  Fd reader_end(pipe_fds[1]);
  const double limit_s = base_seconds() + static_cast<double>(size) / kReadRate;
  ReaderProcess reader(
      spawn_reader(path, size, limit_s, result.get(), note.fd(), reader_end.get()));
  reader_end.reset();

  const Wait wait =
      wait_for_eof(done.get(), reader.pid(), limit_s, kWallFactor * limit_s + kWallSlack);
  const bool finished = wait == Wait::kFinished;
  const int status = reader.end(finished);
  const std::string message = finished ? read_all(result.get()) : std::string();

  const std::string reading = note.read().empty() ? "/" : note.read();
  if (wait == Wait::kOutOfCpu) {
    throw core::InputError(path + ": " + reading + ": libhdf5 did not finish reading it in " +
                           std::to_string(static_cast<int>(limit_s * 1000)) +
                           " ms of CPU (a damaged file can make it loop): regenerate or re-copy "
                           "it");
  }
  if (wait == Wait::kStalled) {
    // Out of time with CPU to spare: waiting on a disk. Not the file's
    // fault.
    throw core::InputError(
        path + ": " + reading + ": the reader process stalled for " +
        std::to_string(static_cast<int>(kWallFactor * limit_s + kWallSlack)) +
        " s using little CPU (a stalled disk or an overloaded machine, not a "
        "damaged file); retry, or raise EDGETUNE_READ_TIMEOUT_S for a slow disk");
  }
  if (status == -1) {
    throw core::InputError(path + ": " + reading +
                           ": the reader process did not end after handing its result over (an "
                           "overloaded machine, not the file); retry");
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
