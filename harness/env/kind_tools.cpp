#include "harness/env/kind_tools.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>

namespace rwchaos::harness {

namespace {

constexpr std::size_t max_output = 1 << 20;

bool executable(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

int wait_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

std::string find_on_path(const std::string& program) {
  if (program.find('/') != std::string::npos) return executable(program) ? program : std::string{};
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) continue;
    const std::string candidate = dir + "/" + program;
    if (executable(candidate)) return candidate;
  }
  return {};
}

std::string describe_argv(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& arg : argv) out += (out.empty() ? "" : " ") + arg;
  return out;
}

namespace {

// Reads what is there on `fd` into `into` (up to max_output); false at EOF or error.
bool drain_pipe(int fd, std::string& into) {
  char buffer[4096];
  const ssize_t n = ::read(fd, buffer, sizeof buffer);
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
  if (n <= 0) return false;
  if (into.size() < max_output) into.append(buffer, static_cast<std::size_t>(n));
  return true;
}

void kill_group(pid_t pid) {
  ::kill(-pid, SIGKILL);
  ::kill(pid, SIGKILL);
}

}  // namespace

ToolResult run_tool(const std::vector<std::string>& argv, std::chrono::milliseconds limit,
                    const std::string& stdin_text) {
  ToolResult result;
  const std::string binary = argv.empty() ? std::string{} : find_on_path(argv[0]);
  if (binary.empty()) {
    result.error = (argv.empty() ? std::string("(empty argv)") : argv[0]) + " not found on PATH";
    return result;
  }
  int out_pipe[2];
  int err_pipe[2];
  int in_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0 || ::pipe2(in_pipe, O_CLOEXEC) != 0) {
    result.error = std::string("pipe: ") + std::strerror(errno);
    return result;
  }
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) {
    result.error = std::string("fork: ") + std::strerror(errno);
    return result;
  }
  if (pid == 0) {
    ::dup2(in_pipe[0], STDIN_FILENO);
    ::dup2(out_pipe[1], STDOUT_FILENO);
    ::dup2(err_pipe[1], STDERR_FILENO);
    ::setpgid(0, 0);  // killed with its children on timeout
    ::execv(binary.c_str(), args.data());
    _exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  ::close(in_pipe[0]);
  if (!stdin_text.empty()) {
    ::signal(SIGPIPE, SIG_IGN);
    [[maybe_unused]] const auto written = ::write(in_pipe[1], stdin_text.data(), stdin_text.size());
  }
  ::close(in_pipe[1]);
  const auto deadline = std::chrono::steady_clock::now() + limit;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* into[2] = {&result.output, &result.diagnostics};
  // Until both streams reached EOF (normally: the tool exited).
  while (fds[0].fd >= 0 || fds[1].fd >= 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      kill_group(pid);
      break;
    }
    const int ready = ::poll(fds, 2, static_cast<int>(std::min<long long>(left.count(), 200)));
    if (ready < 0 && errno != EINTR) break;
    for (int i = 0; i < 2 && ready > 0; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      if (!drain_pipe(fds[i].fd, *into[i])) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
      }
    }
  }
  for (const pollfd& fd : fds)
    if (fd.fd >= 0) ::close(fd.fd);
  int status = 0;
  // After EOF the tool is exiting; still bound the wait (a grandchild may hold the pipe open).
  pid_t reaped = 0;
  while (!result.timed_out && (reaped = ::waitpid(pid, &status, WNOHANG)) == 0) {
    if (std::chrono::steady_clock::now() >= deadline) {
      result.timed_out = true;
      kill_group(pid);
      break;
    }
    ::usleep(10000);
  }
  if (result.timed_out) ::waitpid(pid, &status, 0);  // SIGKILLed: reaped at once
  else if (reaped < 0) return result;                 // someone else reaped it: status unknown
  result.exit_code = wait_status(status);
  return result;
}

std::string tool_message(const ToolResult& result) {
  if (!result.error.empty()) return result.error;
  return result.diagnostics.empty() ? result.output : result.diagnostics;
}

std::string missing_kind_tools() {
  if (find_on_path("kubectl").empty()) return "kubectl not found: install kubectl or run with --env local";
  return {};
}

}  // namespace rwchaos::harness
