#include "devices/workload_pool.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <ctime>
#include <thread>

#include "core/errors.h"

namespace devices {
namespace {

std::string describe_status(int status) {
  if (WIFEXITED(status)) return "exit code " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "signal " + std::to_string(WTERMSIG(status));
  return "status " + std::to_string(status);
}

// The leader of one copy's process group: it runs the command under
// /bin/sh and exits when the shell does, with the shell's status, so
// drain() can say why a copy ended. The kernel sends it SIGTERM when
// edgetune ends, however it ends (PR_SET_PDEATHSIG: SIGKILL included,
// which no handler sees), and it then stops the whole group. Before it, a
// hard-killed run left a workload that printed nothing (so no broken pipe
// ended it) running for good: the shell's children are not signalled when
// the shell goes. Only system calls from here on: this runs after fork.
[[noreturn]] void supervise(const char* command, pid_t parent) {
  sigset_t wanted;
  sigemptyset(&wanted);
  sigaddset(&wanted, SIGTERM);
  sigaddset(&wanted, SIGCHLD);
  sigprocmask(SIG_BLOCK, &wanted, nullptr);
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != parent) _exit(1);  // edgetune died before prctl
  const pid_t shell = fork();
  if (shell < 0) _exit(127);
  if (shell == 0) {
    sigprocmask(SIG_UNBLOCK, &wanted, nullptr);
    execl("/bin/sh", "sh", "-c", command, static_cast<char*>(nullptr));
    _exit(127);
  }
  close(STDOUT_FILENO);  // the frames pipe ends when the shell's copies close
  int status = 0;
  while (true) {
    int signal_number = 0;
    if (sigwait(&wanted, &signal_number) != 0) _exit(1);
    if (signal_number == SIGTERM) {
      // From stop() (the group has it already) or edgetune's death: a
      // second to exit cleanly, then SIGKILL to the group, this process
      // included.
      kill(0, SIGTERM);
      sigset_t child;
      sigemptyset(&child);
      sigaddset(&child, SIGCHLD);
      const timespec second{1, 0};
      sigtimedwait(&child, nullptr, &second);
      kill(0, SIGKILL);
    }
    if (waitpid(shell, &status, WNOHANG) == shell) break;
  }
  kill(0, SIGTERM);  // what the shell left behind; pending here, as blocked
  if (WIFSIGNALED(status)) {
    const int cause = WTERMSIG(status);
    signal(cause, SIG_DFL);
    sigset_t only;
    sigemptyset(&only);
    sigaddset(&only, cause);
    sigprocmask(SIG_UNBLOCK, &only, nullptr);
    kill(getpid(), cause);
  }
  _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
}

}  // namespace

void WorkloadPool::resize(int copies) {
  if (copies == this->copies()) return;
  stop();
  for (int i = 0; i < copies; ++i) {
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0)
      throw core::DeviceError("workload: cannot create a pipe: " +
                              std::string(std::strerror(errno)));
    const std::string stream = std::to_string(i), concurrency = std::to_string(copies);
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid < 0)
      throw core::DeviceError("workload: cannot fork: " + std::string(std::strerror(errno)));
    if (pid == 0) {
      setpgid(0, 0);
      dup2(pipe_fds[1], STDOUT_FILENO);
      // Nothing else of edgetune's: the supervisor never execs, so it would
      // hold the board lock (delaying a --restore after a hard kill) and
      // the other copies' pipes open for as long as it lives.
      if (close_range(3, ~0U, 0) != 0) {
        for (int fd = 3; fd < 1024; ++fd) close(fd);
      }
      setenv("EDGETUNE_STREAM", stream.c_str(), 1);
      setenv("EDGETUNE_CONCURRENCY", concurrency.c_str(), 1);
      supervise(command_.c_str(), parent);
    }
    setpgid(pid, pid);  // also from the parent: no race with an early kill
    close(pipe_fds[1]);
    fcntl(pipe_fds[0], F_SETFL, fcntl(pipe_fds[0], F_GETFL) | O_NONBLOCK);
    copies_.push_back({pid, pipe_fds[0]});
  }
}

std::size_t WorkloadPool::drain() {
  std::size_t frames = 0;
  char buffer[4096];
  for (Copy& copy : copies_) {
    while (true) {
      const ssize_t n = read(copy.out, buffer, sizeof buffer);
      if (n > 0) {
        for (ssize_t i = 0; i < n; ++i) frames += buffer[i] == '\n';
        continue;
      }
      if (n == 0) {  // end of output: the copy exited
        int status = 0;
        waitpid(copy.pid, &status, 0);
        copy.pid = -1;
        const std::string why = describe_status(status);
        stop();
        throw core::DeviceError("workload exited (" + why + "): '" + command_ +
                                "' must keep running and print one line per frame");
      }
      break;  // EAGAIN: nothing more for now
    }
  }
  return frames;
}

void WorkloadPool::stop() {
  for (Copy& copy : copies_) {
    if (copy.pid > 0) kill(-copy.pid, SIGTERM);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  for (Copy& copy : copies_) {
    while (copy.pid > 0) {
      int status = 0;
      if (waitpid(copy.pid, &status, WNOHANG) == copy.pid) break;
      if (std::chrono::steady_clock::now() > deadline) {
        kill(-copy.pid, SIGKILL);
        waitpid(copy.pid, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    // Whatever the group left behind (a shell's children) goes too.
    if (copy.pid > 0) kill(-copy.pid, SIGKILL);
    if (copy.out >= 0) close(copy.out);
  }
  copies_.clear();
}

}  // namespace devices
