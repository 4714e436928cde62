// Security defaults, proven on the real `rwchaos` binary: scenario values reach a client as argv
// elements (no shell expands them), the control API refuses a non-loopback address without a
// token, and the upstream's documented caps are its defaults (header section 64 KiB).
#include "harness/tests/e2e_support.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

namespace rwchaos::harness::e2e {
namespace {

// Runs `rwchaos upstream ARGS...` to completion or until ready; returns the child.
std::unique_ptr<ChildProcess> start_upstream(const WorkDir& work, std::vector<std::string> args) {
  std::vector<std::string> argv = {RWCHAOS_BINARY, "upstream", "--ready-file", (work.path() / "ready.json").string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return ChildProcess::start({"upstream", argv, work.path() / "upstream.log", work.path(), {}});
}

nlohmann::json wait_ready(ChildProcess& upstream, const WorkDir& work) {
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!fs::exists(work.path() / "ready.json") && upstream.running() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(20ms);
  if (!fs::exists(work.path() / "ready.json")) return nullptr;
  return nlohmann::json::parse(read_text(work.path() / "ready.json"));
}

// One request on a fresh loopback connection; the status line's code, 0 when none came.
int status_for(int port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return 0;
  }
  std::string_view left = request;
  while (!left.empty()) {
    const ssize_t n = ::send(fd, left.data(), left.size(), MSG_NOSIGNAL);
    if (n <= 0) break;
    left.remove_prefix(static_cast<std::size_t>(n));
  }
  std::string got;
  pollfd p{fd, POLLIN, 0};
  char buffer[256];
  while (got.find("\r\n") == std::string::npos && ::poll(&p, 1, 5000) == 1) {
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    got.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return got.rfind("HTTP/1.1 ", 0) == 0 ? std::atoi(got.c_str() + 9) : 0;
}

int port_of(const std::string& host_port) { return std::stoi(host_port.substr(host_port.rfind(':') + 1)); }

TEST(E2eSecurityDefaults, ScenarioValuesReachTheClientAsArgvNeverThroughAShell) {
  WorkDir work("argv");
  const fs::path marker = work.path() / "pwned";
  // Each element would run `touch` if anything handed it to a shell.
  const std::string scenario = fmt::format(R"yaml(
name: argv-verbatim
client:
  kind: command
  argv: [/usr/bin/printf, "arg=[%s]\n", "$(touch {0})", "x; touch {0}", "`touch {0}`", "*", "a b"]
  args: ["| touch {0}", "{{{{run_dir}}}}"]
  expected_series: [none]
  expected_samples_per_series: 1
storage: none
phases:
  - at: 0s
    faults: []
duration: 1s
settle: 1s
expect: {{lost: 0}}
)yaml",
                                           marker.string());
  const RunOutcome run = run_scenario_text(work, scenario, 30s);
  ASSERT_NE(run.exit_code, -1) << run.output;
  const std::string log = read_text(scenario_dir(work) / "logs" / "command.log");
  for (const std::string& arg : {"$(touch " + marker.string() + ")", "x; touch " + marker.string(),
                                 "`touch " + marker.string() + "`", std::string("*"), std::string("a b"),
                                 "| touch " + marker.string(), scenario_dir(work).string()})
    EXPECT_NE(log.find("arg=[" + arg + "]\n"), std::string::npos) << "missing verbatim " << arg << " in:\n" << log;
  EXPECT_FALSE(fs::exists(marker)) << "a shell ran a scenario value";
}

TEST(E2eSecurityDefaults, ControlApiOnANonLoopbackAddressNeedsAToken) {
  WorkDir work("control-any");
  auto refused = start_upstream(work, {"--listen", "127.0.0.1:0", "--control", "0.0.0.0:0"});
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (refused->running() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(20ms);
  EXPECT_EQ(refused->exit_status(), 2);
  EXPECT_NE(refused->log_tail().find("--control-token"), std::string::npos) << refused->log_tail();
  EXPECT_FALSE(fs::exists(work.path() / "ready.json"));
}

TEST(E2eSecurityDefaults, ControlApiBindsLoopbackByDefault) {
  WorkDir work("control-default");
  auto upstream = start_upstream(work, {});
  const auto ready = wait_ready(*upstream, work);
  ASSERT_FALSE(ready.is_null()) << upstream->log_tail();
  EXPECT_EQ(ready["control"].get<std::string>().rfind("127.0.0.1:", 0), 0u) << ready.dump();
  EXPECT_EQ(ready["listen"].get<std::string>().rfind("127.0.0.1:", 0), 0u) << ready.dump();
}

TEST(E2eSecurityDefaults, HeaderSectionOver64KiBIsRefusedByDefault) {
  WorkDir work("header-cap");
  auto upstream = start_upstream(work, {});
  const auto ready = wait_ready(*upstream, work);
  ASSERT_FALSE(ready.is_null()) << upstream->log_tail();
  const int port = port_of(ready["listen"]);
  auto request_with_header = [](std::size_t bytes) {
    return "GET /api/v1/write HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(bytes, 'a') + "\r\n\r\n";
  };
  EXPECT_EQ(status_for(port, request_with_header(60 << 10)), 405);  // headers read; GET is not remote-write
  EXPECT_EQ(status_for(port, request_with_header(65 << 10)), 400);  // "request headers too large"
}

TEST(E2eSecurityDefaults, DocumentedCapsAreTheDefaults) {
  WorkDir work("help");
  auto help = ChildProcess::start({"help", {RWCHAOS_BINARY, "upstream", "--help"}, work.path() / "help.txt", {}, {}});
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (help->running() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(20ms);
  EXPECT_EQ(help->exit_status(), 0);
  const std::string text = read_text(work.path() / "help.txt");
  for (const char* expected : {"--max-body-bytes", "33554432", "--max-connections", "4096", "--header-timeout", "10",
                               "--max-buffered-bytes", "536870912"})
    EXPECT_NE(text.find(expected), std::string::npos) << expected << " not in:\n" << text;
}

}  // namespace
}  // namespace rwchaos::harness::e2e
