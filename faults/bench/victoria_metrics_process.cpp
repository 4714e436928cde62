#include "faults/bench/victoria_metrics_process.hpp"

#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include <boost/process.hpp>
#include <boost/process/extend.hpp>
#include <httplib.h>

namespace rwchaos::faults::bench {

namespace bp = boost::process;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

constexpr int start_attempts = 3;
constexpr auto health_deadline = 20s;

// In the child between fork and exec: die with the bench, whatever kills it.
struct DieWithParent : bp::extend::handler {
  pid_t parent;
  template <class Executor>
  void on_exec_setup(Executor&) const {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the bench died before prctl took effect
  }
};

// A port the kernel just handed out on 127.0.0.1; the retry in the constructor covers the race.
std::uint16_t free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("cannot pick a free loopback port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::string tail_of(const fs::path& file, std::size_t max_bytes = 1500) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  const std::string all = text.str();
  return all.size() > max_bytes ? all.substr(all.size() - max_bytes) : all;
}

}  // namespace

struct VictoriaMetricsProcess::Child {
  bp::child process;
};

VictoriaMetricsProcess::VictoriaMetricsProcess(const std::string& binary) {
  if (!fs::exists(binary)) {
    throw std::runtime_error("no victoria-metrics binary at " + binary + " (scripts/setup installs it)");
  }
  std::string tmpl = (fs::temp_directory_path() / "rwchaos-bench-vm-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("cannot create a temporary folder for victoria-metrics");
  dir_ = tmpl;
  const fs::path log = dir_ / "victoria-metrics.log";
  std::string last_error;
  for (int attempt = 0; attempt < start_attempts; ++attempt) {
    port_ = free_loopback_port();
    const std::vector<std::string> args{"-storageDataPath=" + (dir_ / "data").string(),
                                        "-httpListenAddr=127.0.0.1:" + std::to_string(port_),
                                        "-retentionPeriod=100y", "-loggerLevel=ERROR"};
    try {
      child_ = std::make_unique<Child>(Child{bp::child(bp::exe = binary, bp::args = args, bp::std_in < bp::null,
                                                       (bp::std_out & bp::std_err) > log.string(),
                                                       DieWithParent{{}, ::getpid()})});
    } catch (const std::exception& error) {
      fs::remove_all(dir_);
      throw std::runtime_error("cannot start " + binary + ": " + error.what());
    }
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(1, 0);
    const auto deadline = std::chrono::steady_clock::now() + health_deadline;
    while (child_->process.running() && std::chrono::steady_clock::now() < deadline) {
      auto res = client.Get("/health");
      if (res && res->status == 200) return;
      std::this_thread::sleep_for(20ms);
    }
    last_error = child_->process.running() ? "no healthy /health within 20 s" : "exited during start";
    child_->process.terminate();
    child_->process.wait();
  }
  const std::string tail = tail_of(log);
  fs::remove_all(dir_);
  throw std::runtime_error(binary + " did not start: " + last_error + "\n" + tail);
}

VictoriaMetricsProcess::~VictoriaMetricsProcess() {
  std::error_code ignored;
  if (child_ && child_->process.running(ignored)) {
    child_->process.terminate(ignored);  // SIGKILL: the data is throwaway
  }
  if (child_ && child_->process.valid()) child_->process.wait(ignored);
  fs::remove_all(dir_, ignored);
}

int VictoriaMetricsProcess::pid() const { return child_ ? child_->process.id() : -1; }

std::optional<double> VictoriaMetricsProcess::metric(const std::string& series) const {
  httplib::Client client("127.0.0.1", port_);
  client.set_read_timeout(10, 0);
  auto res = client.Get("/metrics");
  if (!res || res->status != 200) return std::nullopt;
  std::istringstream lines(res->body);
  for (std::string line; std::getline(lines, line);) {
    if (line.size() > series.size() && line.compare(0, series.size(), series) == 0 && line[series.size()] == ' ') {
      return std::strtod(line.c_str() + series.size() + 1, nullptr);
    }
  }
  return std::nullopt;
}

}  // namespace rwchaos::faults::bench
