// Readiness must come from the child itself: a port picked free can be taken by another program
// before the child binds it (seen in CI: one victoria-metrics answered another run's /health, whose
// own victoria-metrics then failed its bind and the run errored).
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <stdexcept>
#include <thread>

#include "faults/upstream/listen_thread.hpp"
#include "harness/process/child_process.hpp"
#include "harness/process/http_client.hpp"
#include "harness/process/listening_group.hpp"
#include "harness/process/start_on_free_port.hpp"

namespace rwchaos::harness {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// An HTTP server in this test process: "another program" from a child's point of view.
class ThisProcessServer {
 public:
  ThisProcessServer() {
    server_.Get("/health", [](const httplib::Request&, httplib::Response& res) { res.set_content("OK", "text/plain"); });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = faults::listen_in_background(server_);
  }
  ~ThisProcessServer() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/health"; }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

std::unique_ptr<ChildProcess> sleeper() {
  const fs::path log = fs::temp_directory_path() / ("rwchaos-ready-port-" + std::to_string(::getpid()) + ".log");
  // The test uses sleep as a child that never listens; the harness itself never runs a shell.
  return ChildProcess::start({"sleeper", {"/bin/sleep", "30"}, log, {}, {}});
}

TEST(ReadyPort, TheGroupHoldingTheListeningSocketIsFound) {
  ThisProcessServer server;
  EXPECT_TRUE(group_listens_on(::getpgrp(), server.port()));
  auto child = sleeper();
  EXPECT_FALSE(group_listens_on(child->pid(), server.port()));
  child->stop(2s);
}

TEST(ReadyPort, APortNobodyListensOnHasNoListener) {
  int port = 0;
  {
    ThisProcessServer server;
    port = server.port();
  }
  EXPECT_FALSE(group_listens_on(::getpgrp(), port));
}

TEST(ReadyPort, A200FromAnotherProgramIsNotTheChildBeingReady) {
  ThisProcessServer server;
  EXPECT_EQ(wait_for_http_200(server.url(), 1s), "");  // no child named: any 200 will do
  auto child = sleeper();
  const std::string why = wait_for_http_200(server.url(), 1s, child.get());
  EXPECT_NE(why.find("status 200 from another program on the port, not sleeper"), std::string::npos) << why;
  child->stop(2s);
}

fs::path start_log() { return fs::temp_directory_path() / ("rwchaos-start-port-" + std::to_string(::getpid()) + ".log"); }

TEST(StartOnFreePort, AChildThatNeverAnswersIsTriedOnThreePortsThenNamed) {
  std::set<int> ports;
  auto never_listens = [&](int port) -> std::vector<std::string> {
    ports.insert(port);
    return {"/bin/sleep", "30"};
  };
  try {
    start_on_free_port("sleeper", never_listens, "/health", start_log(), 300ms);
    FAIL() << "a child that never listens was taken as started";
  } catch (const std::runtime_error& error) {
    EXPECT_EQ(std::string(error.what()).rfind("sleeper did not start: ", 0), 0u) << error.what();
  }
  EXPECT_EQ(ports.size(), 3u);
}

TEST(StartOnFreePort, ANewPortIsTriedWhenTheFirstChildIsNotReady) {
  std::vector<int> ports;
  auto second_listens = [&](int port) -> std::vector<std::string> {
    ports.push_back(port);
    if (ports.size() == 1) return {"/bin/sleep", "30"};
    return {RWCHAOS_BINARY, "upstream", "--listen", "127.0.0.1:0", "--control", "127.0.0.1:" + std::to_string(port)};
  };
  StartedOnPort started = start_on_free_port("upstream", second_listens, "/healthz", start_log(), 2s);
  ASSERT_EQ(ports.size(), 2u);
  EXPECT_EQ(started.port, ports[1]);
  EXPECT_TRUE(group_listens_on(started.process->pid(), started.port));
  started.process->stop(2s);
}

}  // namespace
}  // namespace rwchaos::harness
