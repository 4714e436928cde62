#pragma once
// `rwchaos sender`: the reference sender as a process (docs/clients.md "reference"): scrapes a
// target every interval and remote-writes its samples, following remote-write 1.0 unless told to
// misbehave, until SIGTERM/SIGINT; then flushes for at most the flush deadline and exits.
#include <cstddef>
#include <string>

namespace rwchaos::harness::sender {

struct SenderOptions {
  std::string write_url;                    // http://HOST:PORT/PATH, loopback
  std::string scrape_url;                   // the target's metrics URL, loopback
  std::string listen = "127.0.0.1:0";       // /metrics and /health
  std::string ready_file;                   // written with the bound address once running
  std::string misbehave;                    // NAME[,NAME]
  std::string job = "rwchaos";              // the job label of scraped series
  long interval_ms = 1000;                  // scrape interval, and each scrape's timeout
  long send_timeout_ms = 30000;             // Prometheus' remote_timeout default (config/config.go)
  long min_backoff_ms = 30;                 // Prometheus' DefaultQueueConfig MinBackoff
  long max_backoff_ms = 5000;               // Prometheus' DefaultQueueConfig MaxBackoff
  long flush_deadline_ms = 10000;           // after SIGTERM; the harness waits 15 s before SIGKILL
  std::size_t max_samples_per_send = 2000;  // Prometheus' DefaultQueueConfig MaxSamplesPerSend
  std::size_t queue_capacity = 100000;      // samples held during an outage before the oldest are dropped
};

// 0 after a clean stop (drops at the flush deadline are counted on /metrics, not an exit code);
// 2 for bad options (an unknown misbehaviour lists the known ones) or an address it cannot bind.
int run_sender(const SenderOptions& options);

}  // namespace rwchaos::harness::sender
