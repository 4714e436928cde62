#include "harness/soak/upstream_watch.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "harness/process/http_client.hpp"

namespace rwchaos::harness::soak {

double Latencies::percentile(double p) const {
  if (ms.empty()) return 0;
  std::vector<double> sorted = ms;
  std::sort(sorted.begin(), sorted.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

std::uint64_t rss_kb(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoull(line.substr(6));
  }
  return 0;
}

UpstreamWatch::UpstreamWatch(pid_t pid, std::string control_url, std::chrono::milliseconds period)
    : pid_(pid), control_url_(std::move(control_url)), period_(period), thread_([this] { loop(); }) {}

UpstreamWatch::~UpstreamWatch() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

WatchResult UpstreamWatch::finish() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  return result_;
}

void UpstreamWatch::loop() {
  while (!stop_) {
    const auto next = std::chrono::steady_clock::now() + period_;
    sample();
    std::this_thread::sleep_until(next);
  }
}

void UpstreamWatch::sample() {
  if (const std::uint64_t kb = rss_kb(pid_)) {
    std::lock_guard lock(mutex_);
    result_.rss_kb.push_back(kb);
  } else {
    return;  // gone: the caller sees it as a crash or the run's end
  }
  std::uint64_t requests = 0;
  auto timed_get = [&](const std::string& label, const std::string& path) {
    const auto start = std::chrono::steady_clock::now();
    const HttpAnswer answer = http_get(control_url_ + path, std::chrono::seconds(5));
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::lock_guard lock(mutex_);
    Latencies& latencies = result_.control[label];
    if (answer.status == 200) {
      latencies.ms.push_back(ms);
    } else {
      ++latencies.failures;
    }
    return answer;
  };
  const HttpAnswer stats = timed_get("/stats", "/stats");
  if (stats.status == 200) {
    const auto json = nlohmann::json::parse(stats.body, nullptr, false);
    if (json.is_object()) {
      requests = json.value("requests", std::uint64_t{0});
      std::lock_guard lock(mutex_);
      result_.max_open_connections =
          std::max(result_.max_open_connections, json.value("open_connections", std::uint64_t{0}));
      result_.rejected_connections = json.value("rejected_connections", std::uint64_t{0});
    }
  }
  timed_get("/metrics", "/metrics");
  // The newest few records: the ledger path without shipping the whole ledger every time.
  timed_get("/ledger", "/ledger?since=" + std::to_string(requests > 20 ? requests - 20 : 0));
}

}  // namespace rwchaos::harness::soak
