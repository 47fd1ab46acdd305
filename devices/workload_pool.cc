#include "devices/workload_pool.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <thread>

#include "core/errors.h"

namespace devices {
namespace {

std::string describe_status(int status) {
  if (WIFEXITED(status)) return "exit code " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "signal " + std::to_string(WTERMSIG(status));
  return "status " + std::to_string(status);
}

}  // namespace

void WorkloadPool::resize(int copies) {
  if (copies == this->copies()) return;
  stop();
  for (int i = 0; i < copies; ++i) {
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0) throw core::DeviceError("workload: cannot create a pipe: " + std::string(std::strerror(errno)));
    const pid_t pid = fork();
    if (pid < 0) throw core::DeviceError("workload: cannot fork: " + std::string(std::strerror(errno)));
    if (pid == 0) {
      setpgid(0, 0);
      dup2(pipe_fds[1], STDOUT_FILENO);
      close(pipe_fds[0]);
      close(pipe_fds[1]);
      setenv("EDGETUNE_STREAM", std::to_string(i).c_str(), 1);
      setenv("EDGETUNE_CONCURRENCY", std::to_string(copies).c_str(), 1);
      execl("/bin/sh", "sh", "-c", command_.c_str(), static_cast<char*>(nullptr));
      _exit(127);
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
