#include "faults/bench/ingest_rate.hpp"

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "faults/bench/bench_support.hpp"
#include "faults/bench/victoria_metrics_process.hpp"
#include "faults/tests/test_support.hpp"

namespace rwchaos::faults::bench {

using testing::Clock;
using testing::RawClient;
using namespace std::chrono_literals;

namespace {

constexpr int connections = 4;
constexpr std::size_t timed_requests = 1000;    // 10 M samples: long enough for a sustained rate (see docs/performance.md)
constexpr std::size_t warmup_requests = 4;      // first sight of the 1000 series, not timed
constexpr std::uint64_t samples_per_request = 1000 * 10;
constexpr auto load_cap = 60s;                  // per side; a slower side stops early and says so

struct Load {
  std::uint64_t requests = 0;
  double seconds = 0;
  std::string error;
  double samples_per_s() const { return static_cast<double>(requests * samples_per_request) / seconds; }
};

// The one client both sides get: `conns` keep-alive raw-socket connections taking the next of
// requests[from, from + count) from one shared queue, each reading its answer before taking the
// next, as a multi-queue sender's workers pull from one buffer (vmagent's -remoteWrite.queues).
// Requests therefore arrive at most a few places out of order; a fixed share per connection would
// instead let the connections drift apart without bound over a long run.
Load send_load(std::uint16_t port, const std::vector<std::string>& requests, std::size_t from, std::size_t count,
               int conns) {
  Load load;
  std::atomic<std::uint64_t> done{0};
  std::atomic<std::size_t> next{from};
  std::mutex error_mutex;
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < conns; ++t) {
    threads.emplace_back([&] {
      RawClient client(port);
      for (std::size_t i = next++; i < from + count; i = next++) {
        if (Clock::now() - start > load_cap) return;
        const bool sent = client.send(requests[i]);
        const testing::End end = client.read_response(10s);
        if (!sent || end != testing::End::open || client.status() / 100 != 2) {
          std::lock_guard lock(error_mutex);
          load.error = "request " + std::to_string(i) + ": status " + std::to_string(client.status()) + " " +
                       testing::to_string(end) + " " + client.received.substr(0, 200);
          return;
        }
        client.consume();
        ++done;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  load.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  load.requests = done;
  if (load.error.empty() && load.requests < count) load.error = "stopped at the time cap";
  return load;
}

// Warm-up, then the timed load; `accepted` reads back how many samples the receiver counted.
Load measure(std::uint16_t port, const std::vector<std::string>& requests,
             const std::function<std::optional<double>()>& accepted) {
  Load warmup = send_load(port, requests, 0, warmup_requests, 1);
  if (!warmup.error.empty()) return warmup;
  Load load = send_load(port, requests, warmup_requests, timed_requests, connections);
  const auto counted = accepted();
  const auto expected = static_cast<double>((warmup_requests + load.requests) * samples_per_request);
  if (load.error.empty() && counted != expected) {
    load.error = "receiver counted " + (counted ? std::to_string(static_cast<std::uint64_t>(*counted)) : "nothing") +
                 " samples, sent " + std::to_string(static_cast<std::uint64_t>(expected));
  }
  return load;
}

}  // namespace

bool ingest_rate_ratio(const std::string& victoria_metrics_binary) {
  // Distinct timestamps per request (10 s apart, ending before now) over the same 1000 series,
  // like a scraper's remote write; both receivers get the same bytes in the same order.
  const std::int64_t now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  const std::size_t total = warmup_requests + timed_requests;
  const std::int64_t t0 = now_ms - static_cast<std::int64_t>(total) * 10'000 - 60'000;
  std::vector<std::string> requests;
  for (std::size_t r = 0; r < total; ++r) {
    requests.push_back(testing::post_request(
        remotewrite::encode(make_request(1000, 10, 10, t0 + static_cast<std::int64_t>(r) * 10'000))));
  }

  Load upstream;
  {
    UpstreamOptions options;
    options.ledger_file = (std::filesystem::temp_directory_path() / "rwchaos-bench-ledger.jsonl").string();
    std::filesystem::remove(options.ledger_file);
    testing::TestUpstream up(options);
    upstream = measure(up.port(), requests, [&]() -> std::optional<double> { return up.stats()["samples"].get<double>(); });
    std::filesystem::remove(options.ledger_file);
  }
  Load vm;
  try {
    VictoriaMetricsProcess process(victoria_metrics_binary);
    vm = measure(process.port(), requests,
                 [&] { return process.metric("vm_rows_inserted_total{type=\"promremotewrite\"}"); });
  } catch (const std::exception& error) {
    vm.error = error.what();
  }

  std::printf("ingest_upstream_samples_per_s: %.0f (%llu requests of 1000 series x 10 labels x 10 samples, "
              "%d keep-alive connections, ledger file on)\n",
              upstream.samples_per_s(), static_cast<unsigned long long>(upstream.requests), connections);
  if (!upstream.error.empty()) std::printf("ingest_upstream_error: %s\n", upstream.error.c_str());
  if (!vm.error.empty()) {
    std::printf("ingest_victoria_metrics_error: %s\n", vm.error.c_str());
    return false;
  }
  std::printf("ingest_victoria_metrics_samples_per_s: %.0f (the same requests and client; 204 once the rows are "
              "in its in-memory buffers)\n",
              vm.samples_per_s());
  std::printf("ingest_rate_ratio: %.2f (target >= 5)\n", upstream.samples_per_s() / vm.samples_per_s());
  return upstream.error.empty();
}

}  // namespace rwchaos::faults::bench
