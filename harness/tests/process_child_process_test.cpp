// ChildProcess against real processes: exit status, logs, process groups, and children dying with
// their parent even when it is SIGKILLed.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "harness/process/child_process.hpp"
#include "harness/tests/env_process_probe.hpp"

namespace rwchaos::harness {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

fs::path temp_dir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / fmt::format("rwchaos-env-{}-{}", name, ::getpid());
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

ChildSpec shell(const std::string& name, const std::string& script, const fs::path& dir) {
  // The test uses sh as the program under test; the harness itself never runs a shell.
  return ChildSpec{name, {"/bin/sh", "-c", script}, dir / (name + ".log"), {}, {}};
}

std::optional<int> wait_exit(ChildProcess& child, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto status = child.exit_status()) return status;
    std::this_thread::sleep_for(10ms);
  }
  return std::nullopt;
}

TEST(ChildProcess, ReportsExitCodeAndCapturesStdoutAndStderrInLog) {
  auto dir = temp_dir("exit");
  auto child = ChildProcess::start(shell("exiter", "echo to-stdout; echo to-stderr >&2; exit 3", dir));
  EXPECT_EQ(wait_exit(*child, 5s), 3);
  EXPECT_FALSE(child->running());
  const std::string tail = child->log_tail();
  EXPECT_NE(tail.find("to-stdout"), std::string::npos) << tail;
  EXPECT_NE(tail.find("to-stderr"), std::string::npos) << tail;
}

TEST(ChildProcess, LogTailReturnsOnlyTheLastBytes) {
  auto dir = temp_dir("tail");
  auto child = ChildProcess::start(shell("tailer", "echo first-line; echo last-line", dir));
  ASSERT_EQ(wait_exit(*child, 5s), 0);
  EXPECT_EQ(child->log_tail(10), "last-line\n");
}

TEST(ChildProcess, MissingBinaryThrowsNamingIt) {
  auto dir = temp_dir("missing");
  ChildSpec spec{"ghost", {"/nonexistent/bin/ghost-binary"}, dir / "ghost.log", {}, {}};
  try {
    ChildProcess::start(spec);
    FAIL() << "start() of a missing binary returned";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("/nonexistent/bin/ghost-binary"), std::string::npos) << error.what();
  }
}

TEST(ChildProcess, RunsInItsOwnProcessGroupWithEnvAndWorkingDir) {
  auto dir = temp_dir("group");
  ChildSpec spec = shell("grouped", "echo \"dir=$(pwd) var=$RWCHAOS_TEST_VAR\"; sleep 30", dir);
  spec.working_dir = dir;
  spec.env_overrides["RWCHAOS_TEST_VAR"] = "set-by-test";
  auto child = ChildProcess::start(spec);
  EXPECT_EQ(::getpgid(child->pid()), child->pid());
  EXPECT_NE(::getpgid(child->pid()), ::getpgrp());
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (child->log_tail().find("var=") == std::string::npos && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(10ms);
  EXPECT_NE(child->log_tail().find("dir=" + dir.string() + " var=set-by-test"), std::string::npos)
      << child->log_tail();
  EXPECT_TRUE(child->running());
  EXPECT_EQ(child->stop(2000ms), 128 + SIGTERM);
}

TEST(ChildProcess, StopEscalatesToSigkillWhenSigtermIsIgnored) {
  auto dir = temp_dir("stubborn");
  auto child = ChildProcess::start(shell("stubborn", "trap '' TERM; echo trapped; while :; do sleep 1; done", dir));
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (child->log_tail().find("trapped") == std::string::npos && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(10ms);
  const auto before = std::chrono::steady_clock::now();
  EXPECT_EQ(child->stop(300ms), 128 + SIGKILL);
  EXPECT_GE(std::chrono::steady_clock::now() - before, 300ms);
}

TEST(ChildProcess, StopKillsGrandchildrenInTheGroup) {
  auto dir = temp_dir("grandchild");
  const fs::path pid_file = dir / "grandchild.pid";
  auto child = ChildProcess::start(shell("parent", "sleep 60 & echo $! > " + pid_file.string() + "; wait", dir));
  const pid_t grandchild = test::wait_for_pid_file(pid_file, 5s);
  ASSERT_GT(grandchild, 0);
  EXPECT_TRUE(test::process_alive(grandchild));
  child->stop(2000ms);
  EXPECT_TRUE(test::wait_until_dead(grandchild, 5s)) << "grandchild " << grandchild << " survived stop()";
}

// A process that started children through this API is SIGKILLed: no destructor runs, yet the
// children die (PR_SET_PDEATHSIG).
TEST(ChildProcess, ChildrenDieWhenTheirParentIsSigkilled) {
  auto dir = temp_dir("orphan");
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  const pid_t helper = ::fork();
  ASSERT_GE(helper, 0);
  if (helper == 0) {
    ::close(pipe_fds[0]);
    try {
      auto a = ChildProcess::start(shell("orphan-a", "exec sleep 60", dir));
      auto b = ChildProcess::start(shell("orphan-b", "exec sleep 60", dir));
      pid_t pids[2] = {a->pid(), b->pid()};
      [[maybe_unused]] auto n = ::write(pipe_fds[1], pids, sizeof pids);
      ::pause();
    } catch (...) {
    }
    ::_exit(1);
  }
  ::close(pipe_fds[1]);
  pid_t pids[2] = {0, 0};
  ASSERT_EQ(::read(pipe_fds[0], pids, sizeof pids), static_cast<ssize_t>(sizeof pids));
  ::close(pipe_fds[0]);
  EXPECT_TRUE(test::process_alive(pids[0]));
  EXPECT_TRUE(test::process_alive(pids[1]));
  ::kill(helper, SIGKILL);
  ::waitpid(helper, nullptr, 0);
  EXPECT_TRUE(test::wait_until_dead(pids[0], 5s)) << "child " << pids[0] << " survived its parent's SIGKILL";
  EXPECT_TRUE(test::wait_until_dead(pids[1], 5s)) << "child " << pids[1] << " survived its parent's SIGKILL";
}

}  // namespace
}  // namespace rwchaos::harness
