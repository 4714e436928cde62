// faults_bench: the fault upstream's own numbers (docs/performance.md). Every loop is bounded in
// count and time. Prints one "name: value" line per measurement.
#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <sys/epoll.h>
#include <unistd.h>

#include "faults/bench/bench_support.hpp"
#include "faults/engine/receive_time.hpp"
#include "faults/bench/ingest_rate.hpp"
#include "faults/ledger/ledger.hpp"
#include "faults/ledger/sample_book.hpp"
#include "faults/tests/test_support.hpp"

namespace rwchaos::faults::testing {
namespace {

using bench::make_request;
using bench::percentile;

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
    // decode_payload also hashes the payload for the ledger, as the upstream does.
    auto decoded = remotewrite::decode_payload(bodies[static_cast<std::size_t>(r) % bodies.size()]);
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

// slow_headers: how late the status line is, beyond the planned delay, with 100 connections at
// once, sent back to back. Two passes on fresh upstreams:
// - `kernel`: the client sleeps through the answers and reads them afterwards; lateness is from
//   just before a request's send() to when the kernel received its first answer byte
//   (SO_TIMESTAMPNS). The upstream's own lateness, with no client thread competing for the cores.
// - `client`: one epoll thread reads each answer as it comes, as a Go sender's netpoller holds its
//   connections (vmagent, vmalert, Prometheus); lateness is up to when that thread read it.
std::vector<double> slow_headers_lateness(bool read_as_they_come) {
  TestUpstream up("faults: [{action: slow_headers, delay: 200ms}]");
  const std::string request = post_request(payload(10, 10));
  constexpr std::size_t connections = 100;
  std::vector<std::unique_ptr<RawClient>> clients;
  const int poller = ::epoll_create1(EPOLL_CLOEXEC);
  for (std::size_t i = 0; i < connections; ++i) {
    clients.push_back(std::make_unique<RawClient>(up.port()));
    engine::enable_receive_times(clients.back()->fd());
    epoll_event interest{};
    interest.events = EPOLLIN;
    interest.data.u64 = i;
    ::epoll_ctl(poller, EPOLL_CTL_ADD, clients.back()->fd(), &interest);
  }
  std::vector<Clock::time_point> sent(connections);
  for (std::size_t i = 0; i < connections; ++i) {
    sent[i] = Clock::now();
    clients[i]->send(request);
  }
  if (!read_as_they_come) std::this_thread::sleep_until(sent.back() + 400ms);
  std::vector<double> lateness(connections, 1e9);
  std::size_t answered = 0;
  const auto deadline = Clock::now() + 5s;
  while (answered < connections && Clock::now() < deadline) {
    epoll_event ready[connections];
    const int n = ::epoll_wait(poller, ready, static_cast<int>(connections), 100);
    const auto read_at = Clock::now();
    for (int k = 0; k < n; ++k) {
      const std::size_t i = ready[k].data.u64;
      ::epoll_ctl(poller, EPOLL_CTL_DEL, clients[i]->fd(), nullptr);
      ++answered;
      char first[4096];
      const auto got = engine::receive_with_time(clients[i]->fd(), boost::asio::buffer(first));
      if (got.bytes == 0) continue;  // no answer: stays at 1e9, which the percentiles show
      const auto at = read_as_they_come ? read_at : got.arrival;
      lateness[i] = std::chrono::duration<double, std::milli>(at - sent[i]).count() - 200;
    }
  }
  ::close(poller);
  return lateness;
}

void slow_headers_error() {
  const auto kernel = slow_headers_lateness(false);
  std::printf("slow_headers_delay_error_ms: p50 %.2f p99 %.2f max %.2f (delay 200ms, 100 concurrent connections; "
              "first byte as the kernel received it)\n",
              percentile(kernel, 0.5), percentile(kernel, 0.99), percentile(kernel, 1.0));
  const auto client = slow_headers_lateness(true);
  std::printf("slow_headers_client_seen_error_ms: p50 %.2f p99 %.2f max %.2f (the same, read as they came by one "
              "epoll thread)\n",
              percentile(client, 0.5), percentile(client, 0.99), percentile(client, 1.0));
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
    const std::string bytes = renamed.SerializeAsString();
    remotewrite::WriteRequestView view;
    if (!remotewrite::read_write_request(bytes, view)) return;
    samples += book.commit(view).samples;
  }
  const long rss_after = rss_kb();
  std::printf("ledger_bookkeeping_bytes_per_sample: %.1f by structure, %.1f by RSS (%llu samples, %llu unique)\n",
              static_cast<double>(book.memory_bytes()) / static_cast<double>(samples),
              static_cast<double>(rss_after - rss_before) * 1024.0 / static_cast<double>(samples),
              static_cast<unsigned long long>(samples), static_cast<unsigned long long>(book.unique_samples()));
}

// Ledger::append as the engine calls it on an io thread right before every answer: the JSON line
// written and flushed (one write(2)) under the file's lock, then the in-memory append and stats
// under the ledger's. Without a file only the second part is left.
void ledger_append() {
  LedgerRecord typical;
  typical.conn = 3;
  typical.method = "POST";
  typical.path = "/api/v1/write";
  typical.size = 20'480;
  typical.decoded_size = 180'000;
  typical.hash = "9f1c2a7e4b3d5c61";
  typical.series = 1000;
  typical.samples = 10'000;
  typical.outcome = Outcome::response;
  typical.status = 204;
  typical.committed = true;
  typical.headers = {{"content-encoding", "snappy"}, {"content-type", "application/x-protobuf"},
                     {"user-agent", "vmagent"}, {"x-prometheus-remote-write-version", "0.1.0"}};
  const std::string path = (std::filesystem::temp_directory_path() / "rwchaos-bench-append.jsonl").string();
  for (const bool with_file : {false, true}) {
    std::filesystem::remove(path);
    ledger::Stats stats;
    ledger::Ledger ledger(with_file ? path : "", &stats);
    const int rounds = 50'000;
    const auto start = Clock::now();
    int done = 0;
    for (; done < rounds && ms_since(start) < 10'000; ++done) {
      ledger::Entry entry = ledger.open();
      const std::uint64_t id = entry.record.id;
      entry.record = typical;
      entry.record.id = id;
      ledger.append(entry);
    }
    std::printf("ledger_append_us_%s: %.2f (%d appends of a typical record)\n", with_file ? "file" : "no_file",
                ms_since(start) * 1000 / done, done);
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace rwchaos::faults::testing

int main(int argc, char** argv) {
  using namespace rwchaos::faults::testing;
  std::signal(SIGPIPE, SIG_IGN);
  // faults_bench [--victoria-metrics PATH] [MEASUREMENT...]: named measurements only, else all.
  std::string victoria_metrics = RWCHAOS_TOOLS_DIR "/bin/victoria-metrics";
  std::vector<std::string> only;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--victoria-metrics" && i + 1 < argc) victoria_metrics = argv[++i];
    else if (arg.rfind("--", 0) == 0) {
      std::fprintf(stderr, "faults_bench: unknown option %s\n", arg.c_str());
      return 2;
    } else only.push_back(arg);
  }
  const auto wanted = [&](const std::string& name) {
    return only.empty() || std::find(only.begin(), only.end(), name) != only.end();
  };
  bool measured = true;
  // Timing precision first, on a machine not yet busy with the cleanup of the throughput runs.
  if (wanted("slow_headers")) slow_headers_error();
  if (wanted("idle_close")) idle_close_error();
  if (wanted("decode")) decode_and_book();
  if (wanted("http")) over_the_wire();
  if (wanted("ingest")) measured = rwchaos::faults::bench::ingest_rate_ratio(victoria_metrics) && measured;
  if (wanted("ledger_bytes")) ledger_bytes_per_sample();
  if (wanted("ledger_append")) ledger_append();
  return measured ? 0 : 2;  // 2: a measurement could not be made (the reason is printed)
}
