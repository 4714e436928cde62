// fork/exec of a child in its own process group. Everything the child needs is prepared before
// fork(): after fork() in a threaded program only async-signal-safe calls are allowed.
#include "harness/process/child_process.hpp"

#include <fcntl.h>
#include <linux/close_range.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

extern char** environ;

namespace rwchaos::harness {

struct ChildProcess::State {
  std::string name;
  std::filesystem::path log_file;
  pid_t pid = -1;
  std::optional<int> status;
  std::mutex mutex;
};

namespace {

int decode_status(int raw) {
  if (WIFEXITED(raw)) return WEXITSTATUS(raw);
  if (WIFSIGNALED(raw)) return 128 + WTERMSIG(raw);
  return 255;
}

// argv[0] without a slash is looked up on PATH here, in the parent, so the child can execv().
std::string resolve_binary(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    std::size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string candidate = dirs.substr(start, end - start) + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return name;
}

std::vector<std::string> build_env(const std::map<std::string, std::string>& overrides) {
  std::vector<std::string> env;
  for (char** entry = environ; entry && *entry; ++entry) {
    std::string kv = *entry;
    std::string key = kv.substr(0, kv.find('='));
    if (!overrides.contains(key)) env.push_back(kv);
  }
  for (const auto& [key, value] : overrides) env.push_back(key + "=" + value);
  return env;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Runs in the child between fork and exec: async-signal-safe calls only.
[[noreturn]] void exec_child(pid_t parent, int log_fd, int error_fd, const char* dir, const char* binary,
                             char* const* argv, char* const* envp) {
  ::setpgid(0, 0);
  // Die with the harness. PDEATHSIG fires when the forking *thread* exits, so the harness spawns
  // from long-lived threads; the getppid() check closes the race where the parent died before prctl.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(127);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::signal(SIGPIPE, SIG_DFL);
  int null_fd = ::open("/dev/null", O_RDONLY);
  if (null_fd >= 0) ::dup2(null_fd, 0);
  ::dup2(log_fd, 1);
  ::dup2(log_fd, 2);
  if (dir && ::chdir(dir) != 0) {
    int err = errno;
    [[maybe_unused]] auto n = ::write(error_fd, &err, sizeof err);
    ::_exit(127);
  }
  // Sockets and files of the harness (another scenario's, with --jobs) must not live on in the
  // child: close-on-exec for everything above stderr; error_fd is close-on-exec already.
  ::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
  ::execve(binary, argv, envp);
  int err = errno;
  [[maybe_unused]] auto n = ::write(error_fd, &err, sizeof err);
  ::_exit(127);
}

}  // namespace

std::unique_ptr<ChildProcess> ChildProcess::start(const ChildSpec& spec) {
  if (spec.argv.empty()) throw std::runtime_error(fmt::format("{}: empty argv", spec.name));
  const std::string binary = resolve_binary(spec.argv[0]);
  std::vector<std::string> args = spec.argv;
  std::vector<std::string> env = build_env(spec.env_overrides);
  std::vector<char*> argv_c = c_strings(args);
  std::vector<char*> env_c = c_strings(env);
  const std::string dir = spec.working_dir.string();

  if (!spec.log_file.empty() && spec.log_file.has_parent_path())
    std::filesystem::create_directories(spec.log_file.parent_path());
  const std::string log_path = spec.log_file.empty() ? "/dev/null" : spec.log_file.string();
  int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0)
    throw std::runtime_error(fmt::format("{}: cannot open log file {}: {}", spec.name, log_path, std::strerror(errno)));
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    ::close(log_fd);
    throw std::runtime_error(fmt::format("{}: pipe: {}", spec.name, std::strerror(errno)));
  }

  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0)
    exec_child(parent, log_fd, pipe_fds[1], dir.empty() ? nullptr : dir.c_str(), binary.c_str(), argv_c.data(),
               env_c.data());
  ::close(log_fd);
  ::close(pipe_fds[1]);
  if (pid < 0) {
    ::close(pipe_fds[0]);
    throw std::runtime_error(fmt::format("{}: fork: {}", spec.name, std::strerror(errno)));
  }
  ::setpgid(pid, pid);  // also from the parent, so a stop() right after start() hits the group

  // EOF on the close-on-exec pipe means exec succeeded; an errno means it did not.
  int child_errno = 0;
  ssize_t got;
  do got = ::read(pipe_fds[0], &child_errno, sizeof child_errno);
  while (got < 0 && errno == EINTR);
  ::close(pipe_fds[0]);
  if (got == sizeof child_errno) {
    int raw = 0;
    ::waitpid(pid, &raw, 0);
    throw std::runtime_error(fmt::format("{}: cannot start {}: {}", spec.name, spec.argv[0], std::strerror(child_errno)));
  }

  std::unique_ptr<ChildProcess> child(new ChildProcess());
  child->state_ = std::make_unique<State>();
  child->state_->name = spec.name;
  child->state_->log_file = spec.log_file;
  child->state_->pid = pid;
  return child;
}

ChildProcess::~ChildProcess() {
  if (state_) stop();
}

int ChildProcess::pid() const { return state_->pid; }
const std::string& ChildProcess::name() const { return state_->name; }

namespace {

// Reaps the leader if it has exited. Before reaping, the zombie still holds the group id, so
// leftovers of the group (grandchildren) are killed without risk of hitting a recycled pid.
bool try_reap(pid_t pid, std::optional<int>& status) {
  if (status) return true;
  siginfo_t info{};
  if (::waitid(P_PID, pid, &info, WEXITED | WNOHANG | WNOWAIT) != 0 || info.si_pid != pid) return false;
  ::kill(-pid, SIGKILL);
  int raw = 0;
  if (::waitpid(pid, &raw, 0) == pid) status = decode_status(raw);
  else status = 255;
  return true;
}

}  // namespace

bool ChildProcess::running() {
  std::lock_guard lock(state_->mutex);
  return !try_reap(state_->pid, state_->status);
}

std::optional<int> ChildProcess::exit_status() {
  std::lock_guard lock(state_->mutex);
  try_reap(state_->pid, state_->status);
  return state_->status;
}

int ChildProcess::stop(std::chrono::milliseconds grace) {
  std::lock_guard lock(state_->mutex);
  const pid_t pid = state_->pid;
  if (try_reap(pid, state_->status)) return *state_->status;
  ::kill(-pid, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (std::chrono::steady_clock::now() < deadline) {
    if (try_reap(pid, state_->status)) return *state_->status;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(-pid, SIGKILL);
  int raw = 0;
  while (::waitpid(pid, &raw, 0) < 0 && errno == EINTR) {
  }
  state_->status = decode_status(raw);
  return *state_->status;
}

std::string ChildProcess::log_tail(std::size_t max_bytes) const {
  std::ifstream in(state_->log_file, std::ios::binary);
  if (!in) return {};
  in.seekg(0, std::ios::end);
  const auto size = static_cast<std::size_t>(in.tellg());
  const std::size_t start = size > max_bytes ? size - max_bytes : 0;
  in.seekg(static_cast<std::streamoff>(start));
  std::string tail(size - start, '\0');
  in.read(tail.data(), static_cast<std::streamsize>(tail.size()));
  return tail;
}

}  // namespace rwchaos::harness
