#pragma once
// The engine without a socket (after Toxiproxy's ToxicStub and Envoy's FakeConnection): a
// StubConnection takes requests from the test and writes down every verb the engine and the
// actions use, in order; StubUpstream is the engine's context (plan, ledger, stats, sample book,
// a one-thread pool) around it. Time is the test's: waits return at once with what the test set.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio.hpp>
#include <fmt/format.h>

#include "faults/catalogue/parse_plan.hpp"
#include "faults/engine/serve.hpp"

namespace rwchaos::faults::testing {

namespace asio = boost::asio;
using engine::Clock;
using engine::Millis;

class StubConnection final : public engine::Connection {
 public:
  explicit StubConnection(std::uint64_t id = 1) : id_(id) {}

  // What the test arranges.
  std::deque<engine::Request> incoming;  // read_request takes the next one
  std::uint64_t begun = 0;               // requests begun before the one being served (reused when >= 1)
  bool peer_stays = true;                // wait_while_peer_stays answers this
  bool send_fails = false;               // send writes nothing and answers false
  std::size_t prefix_bytes = 1u << 20;   // how many request bytes read_prefix can find

  // What happened, in order: "read_request", "read_prefix N", "send", "half_close", "close fin",
  // "close rst", "wait", "sleep N", "hold N", "finish".
  std::vector<std::string> verbs;
  std::vector<std::string> sends;            // each send's bytes
  std::vector<Clock::time_point> waits;      // each wait_while_peer_stays' `until`
  std::string sent() const {
    std::string all;
    for (const auto& bytes : sends) all += bytes;
    return all;
  }

  std::uint64_t id() const override { return id_; }
  std::uint64_t requests() const override { return begun; }
  bool open() const override { return open_; }

  asio::awaitable<engine::Arrival> wait_request_bytes(std::optional<Millis>) override {
    if (incoming.empty()) co_return engine::Arrival::peer_closed;
    ++begun;
    co_return engine::Arrival::data;
  }
  asio::awaitable<engine::Request> read_request() override {
    verbs.push_back("read_request");
    if (incoming.empty()) throw std::logic_error("StubConnection: read_request with no request arranged");
    engine::Request request = std::move(incoming.front());
    incoming.pop_front();
    co_return request;
  }
  asio::awaitable<std::size_t> read_prefix(std::size_t n) override {
    verbs.push_back(fmt::format("read_prefix {}", n));
    co_return std::min(n, prefix_bytes);
  }
  asio::awaitable<bool> send(std::string_view bytes) override {
    verbs.push_back("send");
    if (send_fails || !open_) co_return false;
    sends.emplace_back(bytes);
    co_return true;
  }
  void half_close() override { verbs.push_back("half_close"); }
  void close(engine::CloseHow how) override {
    verbs.push_back(how == engine::CloseHow::rst ? "close rst" : "close fin");
    if (how == engine::CloseHow::rst) open_ = false;
  }
  asio::awaitable<bool> wait_while_peer_stays(Clock::time_point until) override {
    verbs.push_back("wait");
    waits.push_back(until);
    co_return peer_stays;
  }
  asio::awaitable<void> sleep(Millis d) override {
    verbs.push_back(fmt::format("sleep {}", d.count()));
    co_return;
  }
  asio::awaitable<void> hold(Millis max) override {
    verbs.push_back(fmt::format("hold {}", max.count()));
    co_return;
  }
  asio::awaitable<void> finish() override {
    verbs.push_back("finish");
    open_ = false;
    co_return;
  }

 private:
  std::uint64_t id_;
  bool open_ = true;
};

// When a stub request's last byte arrived, unless the test says otherwise.
inline const Clock::time_point stub_last_byte = Clock::time_point(std::chrono::seconds(1000));

// A remote-write POST as read_request returns it; its last byte arrived at `received_at`.
inline engine::Request stub_request(std::string body, bool keep_alive = true, std::string path = "/api/v1/write",
                                    Clock::time_point received_at = stub_last_byte) {
  engine::Request request;
  request.method = "POST";
  request.target = std::move(path);
  request.keep_alive = keep_alive;
  request.headers = {{"content-encoding", "snappy"}, {"content-type", "application/x-protobuf"}};
  request.body = std::move(body);
  request.bytes_read = request.body.size();
  request.received_at = received_at;
  return request;
}

// Runs `work` to its end on a fresh io_context; its pool jobs post back to it (bounded: 10 s).
template <class T>
T run_to_end(asio::awaitable<T> work) {
  asio::io_context io;
  std::optional<T> result;
  std::exception_ptr failure;
  bool done = false;
  asio::co_spawn(io, std::move(work), [&](std::exception_ptr error, T value) {
    failure = error;
    if (!error) result = std::move(value);
    done = true;
  });
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (!done && Clock::now() < deadline) io.run_one_for(std::chrono::milliseconds(100));
  if (failure) std::rethrow_exception(failure);
  if (!done) throw std::runtime_error("run_to_end: the coroutine did not finish within 10 s");
  return std::move(*result);
}

inline void run_to_end(asio::awaitable<void> work) {
  run_to_end([](asio::awaitable<void> inner) -> asio::awaitable<bool> {
    co_await std::move(inner);
    co_return true;
  }(std::move(work)));
}

// Storage that refuses every commit, or whose client throws.
struct RefusingStorage final : engine::Forwarder {
  std::optional<std::string> forward(std::string_view) const override { return "storage answered 500: disk full"; }
};
struct ThrowingStorage final : engine::Forwarder {
  std::optional<std::string> forward(std::string_view) const override { throw std::runtime_error("forwarder bug"); }
};

// The engine's context with no socket and no process: the same ledger, stats, book and pool kinds
// the upstream uses, one pool thread.
struct StubUpstream {
  explicit StubUpstream(const std::string& plan_yaml = "", const engine::Forwarder* forwarder = nullptr)
      : context{plans, ledger, stats, book, forwarder, pool, engine::ReadLimits{}, remotewrite::Limits{}} {
    if (!plan_yaml.empty()) plans.install(catalogue::parse_plan(plan_yaml, "plan"));
  }
  ~StubUpstream() { pool.join(); }

  // Serves `request` on `conn`, whose first bytes just arrived.
  engine::Served serve(StubConnection& conn, engine::Request request, std::optional<Millis> idle = std::nullopt) {
    conn.incoming.push_back(std::move(request));
    ++conn.begun;
    return run_to_end(engine::serve_request(conn, context, idle));
  }
  // The ledger's only record, answered.
  LedgerRecord record() const {
    const auto all = ledger.records();
    if (all.size() != 1) throw std::runtime_error(fmt::format("expected one ledger record, found {}", all.size()));
    return all.front();
  }

  engine::PlanHolder plans;
  ledger::Stats stats;
  ledger::Ledger ledger{"", &stats};
  ledger::SampleBook book{true};
  asio::thread_pool pool{1};
  engine::Context context;
};

}  // namespace rwchaos::faults::testing
