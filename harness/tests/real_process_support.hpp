#pragma once
// Test support for tests that run the real programs (scripts/setup puts them in .tools/bin):
// a temp dir, free loopback ports, polling with a deadline, victoria-metrics as a running store,
// and two in-test HTTP servers (a scrape target and a capturing remote-write endpoint).
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "harness/clients/binaries.hpp"
#include "harness/process/child_process.hpp"

namespace rwchaos::harness::test {

using namespace std::chrono_literals;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "rwchaos-test-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

inline void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

// A free port on 127.0.0.1 below the kernel's ephemeral range (32768+), so neither outgoing
// connections nor other programs binding port 0 take it between this check and the child's bind.
// Another process may still win the race: start_listening() retries with a new port.
inline int unused_port() {
  static std::mt19937 random{std::random_device{}()};
  std::uniform_int_distribution<int> pick(20000, 32000);
  for (int attempt = 0; attempt < 100; ++attempt) {
    const int port = pick(random);
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) break;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool free = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    if (free) return port;
  }
  throw std::runtime_error("no free port on 127.0.0.1 in 20000-32000");
}

// Polls `done` every 50 ms until it is true or `limit` passes; returns the last answer.
inline bool wait_until(std::chrono::milliseconds limit, const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return done();
}

inline std::string http_get(int port, const std::string& path) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(2, 0);
  client.set_read_timeout(5, 0);
  auto result = client.Get(path.c_str());
  return (result && result->status == 200) ? result->body : std::string();
}

// A real program as a child, its log in `dir`. A missing program fails the test with the fix
// ("... run scripts/setup"): these tests never skip.
// `binary`: a given build of the program (another version); empty = the default one.
inline std::unique_ptr<ChildProcess> start_program(const std::string& program, std::vector<std::string> args,
                                                   const std::filesystem::path& dir,
                                                   const std::filesystem::path& binary = {}) {
  args.insert(args.begin(), require_program(program, binary).string());
  return ChildProcess::start({.name = program, .argv = std::move(args), .log_file = dir / (program + ".log"),
                              .working_dir = dir});
}

// Waits for GET http://127.0.0.1:port/path to answer 200 with a body containing `needle`, while
// the child is alive. Returns the body, or "" (the caller asserts, printing the log tail).
inline std::string wait_for_page(ChildProcess& child, int port, const std::string& path, const std::string& needle,
                                 std::chrono::milliseconds limit = 20s) {
  std::string body;
  wait_until(limit, [&] {
    if (!child.running()) return true;
    body = http_get(port, path);
    return body.find(needle) != std::string::npos;
  });
  return body.find(needle) != std::string::npos ? body : std::string();
}

// A program that serves HTTP on a port we choose: started with `make_args(port)` and ready once
// GET ready_path answers 200 containing `needle`. A child that exits first (lost its port to another
// process) is started again on a new port, up to 3 times. Throws with the log tail if never ready.
struct Listening {
  std::unique_ptr<ChildProcess> child;
  int port = 0;
};

inline Listening start_listening(const std::string& program,
                                 const std::function<std::vector<std::string>(int port)>& make_args,
                                 const std::filesystem::path& dir, const std::string& ready_path,
                                 const std::string& needle, const std::filesystem::path& binary = {}) {
  std::string last_log;
  for (int attempt = 0; attempt < 3; ++attempt) {
    Listening started{nullptr, unused_port()};
    started.child = start_program(program, make_args(started.port), dir, binary);
    if (!wait_for_page(*started.child, started.port, ready_path, needle).empty()) return started;
    last_log = started.child->log_tail();
    if (started.child->running()) break;  // alive but never ready: retrying would not help
  }
  throw std::runtime_error(program + " did not become ready:\n" + last_log);
}

// One series from victoria-metrics' /api/v1/export (JSON lines).
struct ExportedSeries {
  std::map<std::string, std::string> labels;  // with __name__
  std::vector<double> values;
  std::vector<std::int64_t> timestamps;
};

// Real victoria-metrics on 127.0.0.1 with a temp storage dir.
class VictoriaMetrics {
 public:
  explicit VictoriaMetrics(const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir / "vm");
    auto started = start_listening(
        "victoria-metrics",
        [&](int port) {
          return std::vector<std::string>{fmt::format("-httpListenAddr=127.0.0.1:{}", port),
                                          "-storageDataPath=" + (dir / "vm" / "data").string()};
        },
        dir / "vm", "/health", "OK");
    child_ = std::move(started.child);
    port_ = started.port;
  }
  int port() const { return port_; }
  std::string url() const { return fmt::format("http://127.0.0.1:{}", port_); }
  ChildProcess& child() { return *child_; }

  // Rows are buffered before they are searchable; /internal/force_flush makes them visible now.
  std::vector<ExportedSeries> export_series(const std::string& match) {
    http_get(port_, "/internal/force_flush");
    httplib::Client client("127.0.0.1", port_);
    auto result = client.Get("/api/v1/export", httplib::Params{{"match[]", match}}, httplib::Headers{});
    std::vector<ExportedSeries> out;
    if (!result || result->status != 200) return out;
    std::istringstream lines(result->body);
    for (std::string line; std::getline(lines, line);) {
      if (line.empty()) continue;
      const auto json = nlohmann::json::parse(line);
      ExportedSeries series;
      series.labels = json.at("metric").get<std::map<std::string, std::string>>();
      series.values = json.at("values").get<std::vector<double>>();
      series.timestamps = json.at("timestamps").get<std::vector<std::int64_t>>();
      out.push_back(std::move(series));
    }
    return out;
  }

 private:
  int port_ = 0;
  std::unique_ptr<ChildProcess> child_;
};

// An httplib::Server on 127.0.0.1:<any port>, served from its own thread until destruction.
class TestServer {
 public:
  TestServer() = default;
  ~TestServer() { stop(); }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;
  httplib::Server& server() { return server_; }
  void start() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("cannot bind a test server on 127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // httplib's stop() does nothing before the loop runs, and the join in stop() would then wait forever.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!server_.is_running()) {
      if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("test server did not start listening");
      std::this_thread::yield();
    }
  }
  void stop() {
    if (!thread_.joinable()) return;
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  std::string url() const { return fmt::format("http://127.0.0.1:{}", port_); }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

// A scrape target: GET /metrics answers `text` (Prometheus text exposition).
class ScrapeTarget : public TestServer {
 public:
  explicit ScrapeTarget(std::string text) : text_(std::move(text)) {
    server().Get("/metrics", [this](const httplib::Request&, httplib::Response& response) {
      response.set_content(text_, "text/plain; version=0.0.4");
    });
    start();
  }
  std::string address() const { return fmt::format("127.0.0.1:{}", port()); }

 private:
  std::string text_;
};

// What one remote-write request looked like on the wire.
struct CapturedRequest {
  std::string method;
  std::string path;
  std::map<std::string, std::string> headers;  // as sent, minus httplib's REMOTE_*/LOCAL_* entries
  std::string body;
};

// The binary of a version that versions.json lists (scripts/setup); fails the test when it is not
// there, naming the fix.
inline std::filesystem::path listed_binary(const std::string& program, const std::string& version) {
  for (const auto& listed : listed_versions(program))
    if (listed.version == version) return listed.path;
  throw std::runtime_error(program + " " + version + " is not in versions.json: run scripts/setup");
}

// A remote-write endpoint that keeps every request and answers 204. With `vm_protocol`, it answers
// vmagent's `?get_vm_proto_version=1` probe as VictoriaMetrics does (200, `1`:
// lib/protoparser/common/vmproto_handshake.go, HandleVMProtoServerHandshake) and keeps no probe.
class CaptureEndpoint : public TestServer {
 public:
  explicit CaptureEndpoint(bool vm_protocol = false) {
    server().Post("/api/v1/write", [this, vm_protocol](const httplib::Request& request, httplib::Response& response) {
      if (vm_protocol && !request.get_param_value("get_vm_proto_version").empty()) {
        response.set_content("1", "text/plain");
        return;
      }
      CapturedRequest captured{request.method, request.path, {}, request.body};
      for (const auto& [name, value] : request.headers)
        if (!name.starts_with("REMOTE_") && !name.starts_with("LOCAL_")) captured.headers[name] = value;
      {
        std::lock_guard lock(mutex_);
        requests_.push_back(std::move(captured));
      }
      response.status = 204;
    });
    start();
  }
  std::vector<CapturedRequest> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  std::mutex mutex_;
  std::vector<CapturedRequest> requests_;
};

}  // namespace rwchaos::harness::test
