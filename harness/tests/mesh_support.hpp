#pragma once
// Test support for the sidecar (harness/mesh/): the real fault upstream (`rwchaos upstream`) and the
// real `rwchaos sidecar` as child processes, driven from a raw socket (faults/tests RawClient) so
// every byte, FIN and RST the client gets is seen.
#include <sys/socket.h>
#include <netinet/in.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "faults/catalogue/envoy_presets.hpp"
#include "faults/tests/test_support.hpp"
#include "harness/env/sidecar_process.hpp"
#include "harness/env/upstream_process.hpp"
#include "harness/tests/e2e_support.hpp"

namespace rwchaos::harness::mesh_test {

using namespace std::chrono_literals;
using faults::testing::End;
using faults::testing::RawClient;
using faults::testing::payload;
using faults::testing::post_request;
using Clock = std::chrono::steady_clock;

// What most mesh tests send: a remote-write body of one series with one sample.
inline const std::string one_sample_body = payload(1, 1);

// The body of one of the upstream's Envoy presets (faults/catalogue/envoy_presets.cpp): the sidecar's
// own replies must be the same bytes.
inline std::string preset_body(const std::string& name) {
  const auto preset = faults::catalogue::find_envoy_preset(name);
  return preset ? std::string(preset->body) : std::string("no preset ") + name;
}

// Polls `check` every 5 ms until it holds or `limit` passes.
inline bool eventually(const std::function<bool()>& check, std::chrono::milliseconds limit = 5s) {
  return faults::testing::eventually(check, limit);
}

inline double ms_since(Clock::time_point start) { return faults::testing::ms_since(start); }

// A response header's value ("" when absent); names are matched lower-case, as the sidecar writes them.
inline std::string header(const std::string& response, const std::string& name) {
  const auto end = response.find("\r\n\r\n");
  const std::string head = response.substr(0, end);
  const auto at = head.find("\r\n" + name + ": ");
  if (at == std::string::npos) return "";
  const auto value = at + 4 + name.size();
  return head.substr(value, head.find("\r\n", value) - value);
}

// The header names of a response, in order.
inline std::vector<std::string> header_names(const std::string& response) {
  std::vector<std::string> names;
  const std::string head = response.substr(0, response.find("\r\n\r\n") + 2);
  std::size_t at = head.find("\r\n");
  while (at != std::string::npos && at + 2 < head.size()) {
    const auto colon = head.find(':', at + 2);
    const auto next = head.find("\r\n", at + 2);
    if (colon == std::string::npos || colon > next) break;
    names.push_back(head.substr(at + 2, colon - at - 2));
    at = next;
  }
  return names;
}

// A socket bound to 127.0.0.1 on a port the kernel picks.
inline int bound_loopback_socket(int& port, sockaddr_in& addr) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  addr = {};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port = ntohs(addr.sin_port);
  return fd;
}

// A loopback port where nothing listens: a socket bound to it (not listening) refuses connections
// for as long as this object lives, so no other process can take the port meanwhile.
class RefusingPort {
 public:
  RefusingPort() : fd_(bound_loopback_socket(port_, addr_)) {}
  ~RefusingPort() { ::close(fd_); }
  RefusingPort(const RefusingPort&) = delete;
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  int port_ = 0;
  sockaddr_in addr_{};
  int fd_ = -1;
};

// A loopback listener whose accept queue is full and never served: the kernel drops further SYNs,
// so a connect to it hangs until the connector's own timeout.
class UnansweredPort {
 public:
  UnansweredPort() : listener_(bound_loopback_socket(port_, addr_)) {
    ::listen(listener_, 0);
    for (int i = 0; i < 2; ++i) {  // backlog 0 holds one; the second stays in SYN_SENT
      const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      ::connect(fd, reinterpret_cast<sockaddr*>(&addr_), sizeof addr_);
      fillers_.push_back(fd);
    }
  }
  ~UnansweredPort() {
    for (const int fd : fillers_) ::close(fd);
    ::close(listener_);
  }
  UnansweredPort(const UnansweredPort&) = delete;
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  int port_ = 0;
  sockaddr_in addr_{};
  int listener_ = -1;
  std::vector<int> fillers_;
};

// One fault upstream and one sidecar in front of it, in a work dir kept when the test fails.
class Hop {
 public:
  // `config`: sidecar config fields; "upstream", "seed" and "access_log" are filled unless given.
  Hop(const std::string& name, const std::string& plan_yaml, nlohmann::json config = nlohmann::json::object())
      : work_(name) {
    upstream_ = UpstreamProcess::start({RWCHAOS_BINARY, "", work_.path(), work_.path() / "upstream.log", plan_yaml});
    upstream_address_ = upstream_->listen_url().substr(std::string("http://").size());
    if (!config.contains("upstream")) config["upstream"] = upstream_address_;
    sidecar_ = start_sidecar(config, "sidecar");
  }

  // Another sidecar in the same work dir (e.g. an inbound one, or one with another seed).
  std::unique_ptr<SidecarProcess> start_sidecar(nlohmann::json config, const std::string& name) {
    if (!config.contains("seed")) config["seed"] = 1;
    if (!config.contains("access_log")) config["access_log"] = {{"path", (work_.path() / (name + "-access.log")).string()}};
    return SidecarProcess::start({RWCHAOS_BINARY, name, work_.path(), config});
  }

  RawClient client() const { return RawClient(static_cast<std::uint16_t>(sidecar_->listen_port())); }
  UpstreamProcess& upstream() { return *upstream_; }
  SidecarProcess& sidecar() { return *sidecar_; }
  const std::string& upstream_address() const { return upstream_address_; }
  const std::filesystem::path& dir() const { return work_.path(); }

  // Access log lines of the sidecar `name`, waiting (bounded) until there are at least `n`.
  std::vector<std::string> log_lines(std::size_t n = 1, const std::string& name = "sidecar") const {
    std::vector<std::string> lines;
    eventually([&] {
      lines.clear();
      std::ifstream in(work_.path() / (name + "-access.log"));
      for (std::string line; std::getline(in, line);) lines.push_back(line);
      return lines.size() >= n;
    });
    return lines;
  }
  // Ledger records in request order (the ledger lists them as answered), waiting (bounded) until
  // `n` are answered.
  std::vector<faults::LedgerRecord> ledger(std::size_t n) {
    std::vector<faults::LedgerRecord> records;
    eventually([&] {
      records = upstream_->ledger();
      std::size_t answered = 0;
      for (const auto& r : records) answered += r.outcome != faults::Outcome::in_flight;
      return answered >= n;
    });
    std::sort(records.begin(), records.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return records;
  }
  // Waits (bounded) until the sidecar's counter `key` reaches `n`; returns its last value.
  std::uint64_t wait_stat(const std::string& key, std::uint64_t n, std::chrono::milliseconds limit = 5s) {
    std::uint64_t value = 0;
    eventually([&] { return (value = sidecar_->stats().value(key, std::uint64_t{0})) >= n; }, limit);
    return value;
  }
  // One request on a new client connection; the whole response (or how the connection ended).
  std::string post(const std::string& body, End* end = nullptr, const std::string& path = "/api/v1/write") {
    RawClient c = client();
    c.send(post_request(body, true, path));
    const End e = c.read_response(10s);
    if (end) *end = e;
    return c.received;
  }

 private:
  e2e::WorkDir work_;
  std::unique_ptr<UpstreamProcess> upstream_;
  std::string upstream_address_;
  std::unique_ptr<SidecarProcess> sidecar_;
};

inline int status_of(const std::string& response) {
  return response.size() >= 12 ? std::stoi(response.substr(9, 3)) : 0;
}
inline std::string body_of(const std::string& response) {
  const auto end = response.find("\r\n\r\n");
  return end == std::string::npos ? "" : response.substr(end + 4);
}

// The access log fields a user compares: status, flags, details, termination details, transport
// failure reason (the five fields after the request line).
inline std::string outcome_fields(const std::string& line) {
  static const std::regex fields(R"(^\[[^\]]+\] "[^"]*" (\d+ \S+ \S+ \S+ "[^"]*"))");
  std::smatch m;
  return std::regex_search(line, m, fields) ? m[1].str() : "unparsed: " + line;
}

}  // namespace rwchaos::harness::mesh_test
