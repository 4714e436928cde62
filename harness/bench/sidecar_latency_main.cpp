// sidecar_bench: the latency the Istio-hop sidecars add (docs/performance.md "The sidecar's added
// latency"). Three paths to one `rwchaos upstream`, each on its own keep-alive connection and each
// at 100 requests/s, interleaved so they share the machine's noise: direct, through an outbound
// sidecar, through an outbound and an inbound sidecar. Prints p50/p99 per path and what each
// sidecar adds. Bounded in count and time; not a test.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>

#include "faults/bench/bench_support.hpp"
#include "harness/env/sidecar_process.hpp"
#include "harness/env/upstream_process.hpp"

namespace rwchaos::harness {
namespace {

using Clock = std::chrono::steady_clock;

// A blocking keep-alive HTTP/1.1 client for 2xx answers without a body (the upstream's 204).
class Connection {
 public:
  explicit Connection(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    timeval limit{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw std::runtime_error("connect failed");
  }
  ~Connection() { ::close(fd_); }
  Connection(const Connection&) = delete;

  // Milliseconds from the first byte sent to the end of the answer's head; negative on failure.
  double exchange(const std::string& request) {
    const auto start = Clock::now();
    for (std::size_t at = 0; at < request.size();) {
      const ssize_t n = ::send(fd_, request.data() + at, request.size() - at, MSG_NOSIGNAL);
      if (n <= 0) return -1;
      at += static_cast<std::size_t>(n);
    }
    std::string answer;
    char buffer[4096];
    while (answer.find("\r\n\r\n") == std::string::npos) {
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) return -1;
      answer.append(buffer, static_cast<std::size_t>(n));
    }
    if (answer.compare(0, 10, "HTTP/1.1 2") != 0) return -1;
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  }

 private:
  int fd_ = -1;
};

struct Path {
  std::string name;
  int port;
  std::vector<double> ms;
  int failures = 0;
};

int run(int requests_per_path, int seconds) {
  std::string pattern = (std::filesystem::temp_directory_path() / "rwchaos-sidecar-bench-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) return 2;
  const std::filesystem::path dir = pattern;
  auto upstream = UpstreamProcess::start({RWCHAOS_BINARY, "", dir, dir / "upstream.log", ""});
  const std::string upstream_address = upstream->listen_url().substr(std::string("http://").size());
  auto inbound = SidecarProcess::start({RWCHAOS_BINARY, "inbound", dir,
                                        {{"role", "inbound"}, {"upstream", upstream_address},
                                         {"access_log", {{"path", (dir / "sidecar-inbound.log").string()}}}}});
  auto outbound_to_upstream = SidecarProcess::start({RWCHAOS_BINARY, "outbound-direct", dir,
                                                     {{"upstream", upstream_address},
                                                      {"access_log", {{"path", (dir / "sidecar-outbound-direct.log").string()}}}}});
  auto outbound_to_inbound = SidecarProcess::start({RWCHAOS_BINARY, "outbound", dir,
                                                    {{"upstream", inbound->listen_address()},
                                                     {"access_log", {{"path", (dir / "sidecar-outbound.log").string()}}}}});
  const int upstream_port = std::stoi(upstream_address.substr(upstream_address.rfind(':') + 1));
  std::vector<Path> paths = {{"direct", upstream_port, {}, 0},
                             {"one_sidecar", outbound_to_upstream->listen_port(), {}, 0},
                             {"two_sidecars", outbound_to_inbound->listen_port(), {}, 0}};
  std::vector<std::unique_ptr<Connection>> connections;
  for (const auto& path : paths) connections.push_back(std::make_unique<Connection>(path.port));

  // A typical vmagent batch: 100 series x 10 labels, one sample each.
  const std::string body = rwchaos::remotewrite::encode(faults::bench::make_request(100, 10, 1, 1'700'000'000'000));
  const std::string request = "POST /api/v1/write HTTP/1.1\r\nHost: vminsert\r\nContent-Encoding: snappy\r\n"
                              "Content-Type: application/x-protobuf\r\nX-Prometheus-Remote-Write-Version: 0.1.0\r\n"
                              "User-Agent: sidecar_bench\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  // Warm-up: every connection through every hop exists before measuring.
  for (auto& connection : connections) connection->exchange(request);

  // 100 requests/s per path: every 10 ms one request on each path, 10/3 ms apart, the paths taking
  // turns at going first so none always meets what the 10 ms tick brings.
  const auto start = Clock::now();
  const auto end = start + std::chrono::seconds(seconds);
  const auto period = std::chrono::microseconds(10'000);
  for (int i = 0; i < requests_per_path && Clock::now() < end; ++i) {
    for (std::size_t slot = 0; slot < paths.size(); ++slot) {
      const std::size_t k = (slot + static_cast<std::size_t>(i)) % paths.size();
      std::this_thread::sleep_until(start + i * period + slot * period / static_cast<int>(paths.size()));
      const double ms = connections[k]->exchange(request);
      if (ms < 0) ++paths[k].failures;
      else paths[k].ms.push_back(ms);
    }
  }
  const auto p = [](const Path& path, double q) { return faults::bench::percentile(path.ms, q); };
  std::printf("sidecar_bench: %zu requests per path at 100/s each, body %zu bytes\n", paths[0].ms.size(), body.size());
  for (const auto& path : paths)
    std::printf("%s_ms p50 / p99 / max: %.3f / %.3f / %.3f (failures %d)\n", path.name.c_str(), p(path, 0.5),
                p(path, 0.99), p(path, 1.0), path.failures);
  const double outbound_p50 = p(paths[1], 0.5) - p(paths[0], 0.5), outbound_p99 = p(paths[1], 0.99) - p(paths[0], 0.99);
  const double inbound_p50 = p(paths[2], 0.5) - p(paths[1], 0.5), inbound_p99 = p(paths[2], 0.99) - p(paths[1], 0.99);
  std::printf("added_by_outbound_sidecar_ms p50 / p99: %.3f / %.3f\n", outbound_p50, outbound_p99);
  std::printf("added_by_inbound_sidecar_ms p50 / p99: %.3f / %.3f\n", inbound_p50, inbound_p99);
  std::printf("target p99 <= 1 ms per sidecar: %s\n", outbound_p99 <= 1.0 && inbound_p99 <= 1.0 ? "met" : "NOT met");
  outbound_to_inbound->process().stop();
  outbound_to_upstream->process().stop();
  inbound->process().stop();
  upstream->process().stop();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return paths[0].failures + paths[1].failures + paths[2].failures == 0 ? 0 : 1;
}

}  // namespace
}  // namespace rwchaos::harness

int main(int argc, char** argv) {
  CLI::App app{"sidecar_bench: latency added by the Istio-hop sidecars, beside the direct path"};
  int requests = 1500;
  int seconds = 30;
  app.add_option("--requests", requests, "Requests per path (at 100/s)")->capture_default_str()->check(CLI::Range(10, 100'000));
  app.add_option("--seconds", seconds, "Upper bound on the measuring time")->capture_default_str()->check(CLI::Range(1, 600));
  CLI11_PARSE(app, argc, argv);
  try {
    return rwchaos::harness::run(requests, seconds);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "sidecar_bench: %s\n", error.what());
    return 2;
  }
}
