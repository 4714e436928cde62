// faults_bench: the fault upstream's own numbers (docs/performance.md). Every loop is bounded in
// count and time. Prints one "name: value" line per measurement.
#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "faults/ledger/sample_book.hpp"
#include "faults/tests/test_support.hpp"

namespace rwchaos::faults::testing {
namespace {

prometheus::WriteRequest make_request(int series, int labels, int samples, std::int64_t t0) {
  prometheus::WriteRequest request;
  for (int s = 0; s < series; ++s) {
    auto* ts = request.add_timeseries();
    auto* name = ts->add_labels();
    name->set_name("__name__");
    name->set_value("bench_metric");
    for (int l = 1; l < labels; ++l) {
      auto* label = ts->add_labels();
      label->set_name("label_" + std::to_string(l));
      label->set_value("value_" + std::to_string(s) + "_" + std::to_string(l));
    }
    for (int i = 0; i < samples; ++i) {
      auto* sample = ts->add_samples();
      sample->set_timestamp(t0 + i * 1000);
      sample->set_value(i);
    }
  }
  return request;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

long rss_kb() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

// Decode + ledger bookkeeping in this thread: the upstream's per-request CPU work.
void decode_and_book() {
  const int rounds = 200;
  std::vector<std::string> bodies;
  for (int r = 0; r < 20; ++r) bodies.push_back(remotewrite::encode(make_request(1000, 10, 10, 1'000'000 + r * 10'000)));
  ledger::SampleBook book(false);
  const auto start = Clock::now();
  std::uint64_t samples = 0;
  for (int r = 0; r < rounds && ms_since(start) < 20'000; ++r) {
    auto decoded = remotewrite::decode(bodies[static_cast<std::size_t>(r) % bodies.size()]);
    samples += book.commit(decoded.request).samples;
  }
  std::printf("decode_and_ledger_samples_per_s: %.0f (1000 series x 10 labels x 10 samples, one thread)\n",
              static_cast<double>(samples) / (ms_since(start) / 1000));
}

// The same payloads over HTTP through the whole upstream (keep-alive, 4 client threads).
void over_the_wire() {
  TestUpstream up;
  const std::string body = remotewrite::encode(make_request(1000, 10, 10, 1'000'000));
  const std::string request = post_request(body);
  std::atomic<std::uint64_t> done{0};
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      RawClient client(up.port());
      for (int i = 0; i < 100 && ms_since(start) < 20'000; ++i) {
        client.send(request);
        if (client.read_response(10s) != End::open) return;
        client.consume();
        ++done;
      }
    });
  }
  for (auto& t : threads) t.join();
  std::printf("upstream_http_samples_per_s: %.0f (%llu requests of 10000 samples, 4 keep-alive connections)\n",
              static_cast<double>(done * 10'000) / (ms_since(start) / 1000), static_cast<unsigned long long>(done.load()));
}

// slow_headers: how late the status line is, beyond the planned delay, with 100 connections at once.
void slow_headers_error() {
  TestUpstream up("faults: [{action: slow_headers, delay: 200ms}]");
  const std::string request = post_request(payload(10, 10));
  std::vector<std::unique_ptr<RawClient>> clients;
  for (int i = 0; i < 100; ++i) clients.push_back(std::make_unique<RawClient>(up.port()));
  std::vector<double> errors(clients.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < clients.size(); ++i) {
    threads.emplace_back([&, i] {
      const auto start = Clock::now();
      clients[i]->send(request);
      clients[i]->read_until([](const std::string& r) { return !r.empty(); }, 5s);
      errors[i] = ms_since(start) - 200;
    });
  }
  for (auto& t : threads) t.join();
  std::printf("slow_headers_delay_error_ms: p50 %.2f p99 %.2f max %.2f (delay 200ms, 100 concurrent connections)\n",
              percentile(errors, 0.5), percentile(errors, 0.99), percentile(errors, 1.0));
}

// idle_close: how late the close comes, beyond `after`, for 50 idle connections.
void idle_close_error() {
  TestUpstream up("faults: [{action: idle_close, after: 200ms}]");
  const std::string request = post_request(payload(1, 1));
  std::vector<double> errors(50);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < errors.size(); ++i) {
    threads.emplace_back([&, i] {
      RawClient client(up.port());
      client.send(request);
      client.read_response(5s);
      const auto idle_since = Clock::now();
      client.consume();
      client.read_to_end(5s);
      errors[i] = ms_since(idle_since) - 200;
    });
  }
  for (auto& t : threads) t.join();
  std::printf("idle_close_error_ms: p50 %.2f p99 %.2f max %.2f (after 200ms, 50 connections)\n",
              percentile(errors, 0.5), percentile(errors, 0.99), percentile(errors, 1.0));
}

// Duplicate bookkeeping memory at 10M committed samples (10k series x 1000 samples).
void ledger_bytes_per_sample() {
  const long rss_before = rss_kb();
  ledger::SampleBook book(false);
  std::uint64_t samples = 0;
  for (int batch = 0; batch < 100; ++batch) {
    // 100 series x 1000 samples per request, 100 requests: 10k series.
    const auto request = make_request(100, 3, 1000, 1'000'000);
    prometheus::WriteRequest renamed = request;
    for (auto& ts : *renamed.mutable_timeseries()) ts.mutable_labels(1)->set_value("b" + std::to_string(batch) + ts.labels(1).value());
    samples += book.commit(renamed).samples;
  }
  const long rss_after = rss_kb();
  std::printf("ledger_bookkeeping_bytes_per_sample: %.1f by structure, %.1f by RSS (%llu samples, %llu unique)\n",
              static_cast<double>(book.memory_bytes()) / static_cast<double>(samples),
              static_cast<double>(rss_after - rss_before) * 1024.0 / static_cast<double>(samples),
              static_cast<unsigned long long>(samples), static_cast<unsigned long long>(book.unique_samples()));
}

}  // namespace
}  // namespace rwchaos::faults::testing

int main() {
  using namespace rwchaos::faults::testing;
  std::signal(SIGPIPE, SIG_IGN);
  decode_and_book();
  over_the_wire();
  slow_headers_error();
  idle_close_error();
  ledger_bytes_per_sample();
  return 0;
}
