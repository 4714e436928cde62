#pragma once
// Watches the upstream while it is attacked: its resident memory (/proc/<pid>/status VmRSS) and how
// fast its control API answers (GET /metrics, /stats, /ledger?since=...), every `period`.
#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace rwchaos::harness::soak {

struct Latencies {
  std::vector<double> ms;
  std::uint64_t failures = 0;  // no 200 within the timeout
  double percentile(double p) const;  // 0 when empty
};

struct WatchResult {
  std::vector<std::uint64_t> rss_kb;  // one per period while the process lived
  std::map<std::string, Latencies> control;  // by path
  std::uint64_t max_open_connections = 0;     // from GET /stats
  std::uint64_t rejected_connections = 0;     // last seen
};

class UpstreamWatch {
 public:
  UpstreamWatch(pid_t pid, std::string control_url, std::chrono::milliseconds period);
  ~UpstreamWatch();
  // Stops sampling and returns what was seen.
  WatchResult finish();

 private:
  void loop();
  void sample();

  pid_t pid_;
  std::string control_url_;
  std::chrono::milliseconds period_;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  WatchResult result_;
  std::thread thread_;
};

// VmRSS of `pid` in KiB; 0 when the process is gone.
std::uint64_t rss_kb(pid_t pid);

}  // namespace rwchaos::harness::soak
