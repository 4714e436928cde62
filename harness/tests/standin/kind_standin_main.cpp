// kind_standin: the stand-in kubectl, kind and istioctl of the KindEnvironmentStandIn tests, linked
// under those names first on PATH. Each call appends its argv to $RWCHAOS_STANDIN_LOG (one JSON line,
// so the test checks names, namespaces, ports and order) and asks the test's stand-in cluster
// ($RWCHAOS_STANDIN_URL, harness/tests/standin/kind_standin_cluster.hpp) what to print and how to
// exit. A held command (port-forward) prints, then stays until a signal ends it, logging that end.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <httplib.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

std::atomic<int> stop_signal{0};

void on_signal(int signal_number) { stop_signal = signal_number; }

void log_line(const nlohmann::json& line) {
  const char* path = std::getenv("RWCHAOS_STANDIN_LOG");
  if (!path || !*path) return;
  const std::string text = line.dump() + "\n";
  const int fd = ::open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return;
  [[maybe_unused]] const auto written = ::write(fd, text.data(), text.size());  // one write: lines never interleave
  ::close(fd);
}

// `kubectl logs -f`: the container's log as it grows, until its pod is gone (or a signal).
int follow_log(httplib::Client& cluster, const std::string& file, const std::string& pod) {
  std::ifstream in(file, std::ios::binary);
  char buffer[4096];
  for (;;) {
    const auto alive = cluster.Get(("/alive?pod=" + pod).c_str());
    const bool gone = !alive || alive->body != "1";
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) std::cout.write(buffer, in.gcount());
    in.clear();
    std::cout.flush();
    if (gone || stop_signal != 0) return 0;
    ::usleep(100 * 1000);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::string tool = std::filesystem::path(argv[0]).filename().string();
  std::vector<std::string> args(argv + 1, argv + argc);
  log_line({{"pid", ::getpid()}, {"tool", tool}, {"argv", args}});
  const char* url = std::getenv("RWCHAOS_STANDIN_URL");
  if (!url || !*url) {
    std::cerr << "stand-in " << tool << ": RWCHAOS_STANDIN_URL is not set\n";
    return 127;
  }
  ::signal(SIGTERM, on_signal);
  ::signal(SIGINT, on_signal);
  httplib::Client cluster(url);
  cluster.set_read_timeout(std::chrono::seconds(300));  // `rollout status` and `wait` block there
  const nlohmann::json request = {{"pid", ::getpid()}, {"tool", tool}, {"argv", args}};
  const auto answer = cluster.Post("/run", request.dump(), "application/json");
  if (!answer || answer->status != 200) {
    std::cerr << "stand-in " << tool << ": the stand-in cluster did not answer\n";
    return 125;
  }
  const auto reply = nlohmann::json::parse(answer->body);
  std::cout << reply.value("stdout", "") << std::flush;
  std::cerr << reply.value("stderr", "") << std::flush;
  if (const std::string follow = reply.value("follow", ""); !follow.empty()) return follow_log(cluster, follow, reply.value("follow_pod", ""));
  if (reply.value("hold", false)) {
    while (stop_signal == 0) ::usleep(50 * 1000);
    log_line({{"pid", ::getpid()}, {"tool", tool}, {"ended_by_signal", stop_signal.load()}});
    return 0;
  }
  return reply.value("exit", 0);
}
