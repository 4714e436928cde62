#pragma once
// The ground truth of a run (docs/scenario.md "Ground truth"): an HTTP server on 127.0.0.1 whose
// every answer carries a value never served before, and which records each value the client received.
//   GET /metrics       Prometheus text: counter `rwchaos_generated_total`, +1 per scrape (vmagent, Prometheus)
//   GET /api/v1/query  instant vector `rwchaos_generated`, +1 per query, sample time = the query's `time`
//                      (vmalert's datasource; vmalert takes the sample timestamp from this answer)
// With a stopping series (serve_stopping_series), every answer also carries a second series of the
// same metric, labelled rwchaos_series="stopping", until stop_series(): the series a sender must
// then mark stale. Both series take their values from one counter, so a value still names one sample.
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Server;
}

namespace rwchaos::harness {

inline constexpr const char* generator_scrape_metric = "rwchaos_generated_total";
inline constexpr const char* generator_query_metric = "rwchaos_generated";
inline constexpr const char* stopping_series_label = "rwchaos_series=\"stopping\"";  // as the ledger writes labels

class Generator {
 public:
  // Binds 127.0.0.1 on a free port and serves from its own thread. Throws when it cannot bind.
  // `port`: 0 = a free port (local runs); the kind generator sidecar asks for a fixed one.
  static std::unique_ptr<Generator> start(int port = 0);
  ~Generator();
  Generator(const Generator&) = delete;
  Generator& operator=(const Generator&) = delete;

  int port() const { return port_; }
  std::string base_url() const;   // http://127.0.0.1:P
  std::string host_port() const;  // 127.0.0.1:P

  // From now on answer 503 with no value, so the set of expected values stops growing while the
  // client drains what it already has.
  void freeze();
  // Unix ms of the first freeze(); 0 before.
  double frozen_unix_ms() const { return frozen_unix_ms_; }
  // From now on every answer carries the stopping series too, until stop_series().
  void serve_stopping_series() { stopping_ = true; }
  void stop_series() { stopping_ = false; }
  // Values whose answer was written completely to the client's socket; those the client never got
  // (connection dropped mid-answer) are not expected. In the order they were handed out: answers
  // on different connections finish writing in any order.
  std::vector<double> scraped_values() const;
  std::vector<double> queried_values() const;

 private:
  Generator() = default;
  void record(std::vector<double>& into, const std::vector<double>& values);

  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<bool> frozen_{false};
  std::atomic<double> frozen_unix_ms_{0};
  std::atomic<bool> stopping_{false};
  std::atomic<long long> next_scrape_{1};
  std::atomic<long long> next_query_{1};
  mutable std::mutex mutex_;
  std::vector<double> scraped_;
  std::vector<double> queried_;
};

}  // namespace rwchaos::harness
