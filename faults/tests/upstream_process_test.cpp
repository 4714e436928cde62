// run_upstream as a process (forked child): ready file written atomically with the bound ports,
// SIGTERM ends it with exit code 0, a bad plan file exits 2.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>

#include <filesystem>

#include "faults/tests/test_support.hpp"

namespace rwchaos::faults::testing {
namespace {

pid_t spawn_upstream(const UpstreamOptions& options) {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(run_upstream(options));
  return pid;
}

int wait_exit(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (Clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return -1;
    }
    std::this_thread::sleep_for(10ms);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(UpstreamProcess, WritesReadyFileServesAndExitsZeroOnSigterm) {
  const std::string dir = ::testing::TempDir();
  UpstreamOptions options;
  options.ready_file = dir + "/upstream_ready.json";
  options.ledger_file = dir + "/upstream_process.jsonl";
  std::filesystem::remove(options.ready_file);
  std::filesystem::remove(options.ledger_file);
  const pid_t pid = spawn_upstream(options);
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(eventually([&] { return std::filesystem::exists(options.ready_file); }, 10s));
  nlohmann::json ready;
  std::ifstream(options.ready_file) >> ready;
  EXPECT_EQ(ready["pid"], pid);
  const std::string listen = ready["listen"];
  const std::string control = ready["control"];
  const auto listen_port = static_cast<std::uint16_t>(std::stoi(listen.substr(listen.rfind(':') + 1)));
  httplib::Client client("127.0.0.1", std::stoi(control.substr(control.rfind(':') + 1)));
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->body, "ok");
  RawClient raw(listen_port);
  raw.send(post_request(payload(1, 1)));
  ASSERT_EQ(raw.read_response(5s), End::open);
  EXPECT_EQ(raw.status(), 204);
  ::kill(pid, SIGTERM);
  EXPECT_EQ(wait_exit(pid, 10s), 0);
  std::ifstream ledger(options.ledger_file);
  std::string line;
  ASSERT_TRUE(std::getline(ledger, line));
  EXPECT_EQ(nlohmann::json::parse(line)["id"], 1);
}

TEST(UpstreamProcess, BadPlanFileExitsTwo) {
  const std::string path = ::testing::TempDir() + "/upstream_bad_plan.yaml";
  std::ofstream(path) << "faults: [{action: respond, status: nine}]\n";
  UpstreamOptions options;
  options.plan_file = path;
  const pid_t pid = spawn_upstream(options);
  EXPECT_EQ(wait_exit(pid, 10s), 2);
}

}  // namespace
}  // namespace rwchaos::faults::testing
