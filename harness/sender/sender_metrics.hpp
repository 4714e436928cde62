#pragma once
// What the sender reports on its own /metrics (docs/clients.md "reference"), in samples: what it
// scraped, sent, retried and dropped (by reason), and its requests by answer. The harness reads
// rwchaos_sender_samples_dropped_total as the client's `client_dropped`.
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace rwchaos::harness::sender {

class SenderMetrics {
 public:
  void scraped(bool ok);
  void appended(std::uint64_t samples) { samples_appended_ += samples; }
  // One attempt answered `status` (0: no response), carrying `samples`.
  void attempted(int status, std::uint64_t samples, bool retry);
  void delivered(std::uint64_t samples) { samples_sent_ += samples; }
  void dropped(const std::string& reason, std::uint64_t samples);
  void pending(std::uint64_t samples) { samples_pending_ = samples; }

  std::uint64_t samples_sent() const { return samples_sent_; }
  std::uint64_t samples_dropped(const std::string& reason) const;

  // Prometheus text exposition format 0.0.4.
  std::string render() const;

 private:
  std::atomic<std::uint64_t> scrapes_{0}, scrape_failures_{0};
  std::atomic<std::uint64_t> samples_appended_{0}, samples_sent_{0}, samples_retried_{0}, retries_{0};
  std::atomic<std::uint64_t> samples_pending_{0};
  mutable std::mutex mutex_;
  std::map<std::string, std::uint64_t> requests_by_status_;  // guarded by mutex_; "none" for no response
  std::map<std::string, std::uint64_t> dropped_by_reason_;   // guarded by mutex_
};

}  // namespace rwchaos::harness::sender
