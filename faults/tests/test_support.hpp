#pragma once
// Test helpers: an in-process upstream, a raw-socket client that sees FIN vs RST, payloads.
#include <algorithm>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "codec.hpp"
#include "faults/plan/fields.hpp"
#include "faults/upstream/upstream.hpp"

namespace rwchaos::faults::testing {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// A remote-write body: `series` series x `samples` samples, timestamps from `t0` ms, 1s apart.
inline std::string payload(int series, int samples, std::int64_t t0 = 1'700'000'000'000, const std::string& job = "test") {
  prometheus::WriteRequest request;
  for (int s = 0; s < series; ++s) {
    auto* ts = request.add_timeseries();
    auto* name = ts->add_labels();
    name->set_name("__name__");
    name->set_value("rwchaos_test_metric");
    auto* label = ts->add_labels();
    label->set_name("series");
    label->set_value(std::to_string(s));
    auto* job_label = ts->add_labels();
    job_label->set_name("job");
    job_label->set_value(job);
    for (int i = 0; i < samples; ++i) {
      auto* sample = ts->add_samples();
      sample->set_timestamp(t0 + i * 1000);
      sample->set_value(i);
    }
  }
  return remotewrite::encode(request);
}

inline std::string post_request(const std::string& body, bool keep_alive = true, const std::string& path = "/api/v1/write") {
  std::string out = "POST " + path + " HTTP/1.1\r\nHost: upstream\r\nContent-Encoding: snappy\r\n"
                    "Content-Type: application/x-protobuf\r\nX-Prometheus-Remote-Write-Version: 0.1.0\r\n"
                    "User-Agent: rwchaos-test\r\n";
  if (!keep_alive) out += "Connection: close\r\n";
  out += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  return out;
}

// What a read on the raw socket ended with.
enum class End { open, fin, rst, timeout };

inline const char* to_string(End end) {
  switch (end) {
    case End::open: return "open";
    case End::fin: return "fin";
    case End::rst: return "rst";
    case End::timeout: return "timeout";
  }
  return "?";
}

class RawClient {
 public:
  explicit RawClient(std::uint16_t port, bool ipv6 = false) {
    fd_ = ::socket(ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    int rc;
    if (ipv6) {
      sockaddr_in6 addr{};
      addr.sin6_family = AF_INET6;
      addr.sin6_port = htons(port);
      addr.sin6_addr = in6addr_loopback;
      rc = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    } else {
      sockaddr_in addr{};
      addr.sin_family = AF_INET;
      addr.sin_port = htons(port);
      addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      rc = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    }
    if (rc != 0) throw std::runtime_error(std::string("connect: ") + std::strerror(errno));
  }
  ~RawClient() { if (fd_ >= 0) ::close(fd_); }
  RawClient(const RawClient&) = delete;

  bool send(const std::string& bytes) {
    std::size_t at = 0;
    while (at < bytes.size()) {
      const ssize_t n = ::send(fd_, bytes.data() + at, bytes.size() - at, MSG_NOSIGNAL);
      if (n <= 0) return false;
      at += static_cast<std::size_t>(n);
    }
    return true;
  }

  // Reads until `done(received)` holds, the peer ends the stream, or `timeout` passes.
  End read_until(const std::function<bool(const std::string&)>& done, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (!done(received)) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) return End::timeout;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;
      char buf[65536];
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n == 0) return End::fin;
      if (n < 0) return errno == ECONNRESET ? End::rst : End::timeout;
      received.append(buf, static_cast<std::size_t>(n));
    }
    return End::open;
  }
  // Reads until the stream ends (FIN or RST) or `timeout`.
  End read_to_end(std::chrono::milliseconds timeout) {
    return read_until([](const std::string&) { return false; }, timeout);
  }
  // Reads one full response with a content-length (or none for 204).
  End read_response(std::chrono::milliseconds timeout) {
    return read_until([](const std::string& r) { return complete_response(r); }, timeout);
  }
  static bool complete_response(const std::string& r) { return response_length(r) <= r.size(); }
  // Bytes of the first response in `r` (with a content-length, or none for 204); npos while its
  // head is incomplete.
  static std::size_t response_length(const std::string& r) {
    const auto end = r.find("\r\n\r\n");
    if (end == std::string::npos) return std::string::npos;
    const auto cl = r.find("content-length: ");
    if (cl == std::string::npos || cl > end) return end + 4;
    return end + 4 + std::stoul(r.substr(cl + 16));
  }
  int status() const { return received.size() >= 12 ? std::stoi(received.substr(9, 3)) : 0; }
  std::string body() const {
    const auto end = received.find("\r\n\r\n");
    return end == std::string::npos ? "" : received.substr(end + 4);
  }
  void consume() { received.clear(); }
  // Drops only the first response: a pipelined second one may already be in the same read.
  void consume_response() { received.erase(0, std::min(response_length(received), received.size())); }
  int fd() const { return fd_; }

  std::string received;

 private:
  int fd_ = -1;
};

// An upstream in this process on 127.0.0.1 with ports picked by the kernel.
struct TestUpstream {
  explicit TestUpstream(UpstreamOptions options = {}) : upstream(options) {}
  explicit TestUpstream(const std::string& plan_yaml, UpstreamOptions options = {}) : upstream(options) {
    set_plan(plan_yaml);
  }
  httplib::Client control() const {
    httplib::Client client("127.0.0.1", upstream.control_port());
    client.set_read_timeout(10, 0);
    return client;
  }
  void set_plan(const std::string& yaml) const {
    auto res = control().Put("/plan", yaml, "application/yaml");
    if (!res || res->status != 200) throw std::runtime_error("PUT /plan failed: " + (res ? res->body : "no answer"));
  }
  nlohmann::json stats() const {
    auto res = control().Get("/stats");
    return nlohmann::json::parse(res->body);
  }
  std::vector<nlohmann::json> ledger() const {
    auto res = control().Get("/ledger");
    std::vector<nlohmann::json> out;
    std::size_t at = 0;
    while (at < res->body.size()) {
      const auto nl = res->body.find('\n', at);
      out.push_back(nlohmann::json::parse(res->body.substr(at, nl - at)));
      at = nl + 1;
    }
    return out;
  }
  // Polls until the ledger holds `n` answered records (in-flight ones, shown while a request waits
  // for its answer, do not count), or `answered = false`: `n` records of any kind.
  std::vector<nlohmann::json> ledger_with(std::size_t n, std::chrono::milliseconds timeout = 5s,
                                          bool answered = true) const {
    const auto deadline = Clock::now() + timeout;
    const auto counted = [answered](const std::vector<nlohmann::json>& records) {
      return static_cast<std::size_t>(std::count_if(records.begin(), records.end(), [answered](const auto& r) {
        return !answered || r["outcome"] != "in_flight";
      }));
    };
    auto records = ledger();
    while (counted(records) < n && Clock::now() < deadline) {
      std::this_thread::sleep_for(5ms);
      records = ledger();
    }
    return records;
  }
  std::uint16_t port() const { return upstream.listen_port(); }

  Upstream upstream;
};

// Polls `check` until it holds or `timeout` passes; returns its last value.
inline bool eventually(const std::function<bool()>& check, std::chrono::milliseconds timeout = 5s) {
  const auto deadline = Clock::now() + timeout;
  while (!check()) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

inline double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace rwchaos::faults::testing
