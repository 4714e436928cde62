// `rwchaos sender` as a process against the fault upstream (no storage: its in-memory store) and
// the ground-truth generator: the headers on the wire, one kept-alive connection, its own /metrics
// counting drops in samples, Retry-After as an HTTP-date, bad input, and the flush bound on SIGTERM.
#include <gtest/gtest.h>

#include <ctime>

#include <fmt/format.h>

#include "harness/env/upstream_process.hpp"
#include "harness/generator/generator.hpp"
#include "harness/process/http_client.hpp"
#include "harness/sender/admin_server.hpp"
#include "harness/tests/e2e_support.hpp"
#include "harness/tests/real_process_support.hpp"

namespace rwchaos::harness {
namespace {

using namespace std::chrono_literals;

struct SenderRun {
  std::unique_ptr<UpstreamProcess> upstream;
  std::unique_ptr<Generator> generator;
  std::unique_ptr<ChildProcess> sender;
  std::string admin;  // host:port of the sender's /metrics and /health

  std::vector<faults::LedgerRecord> ledger() { return upstream->ledger(); }
  std::string metrics() { return http_get("http://" + admin + "/metrics").body; }
};

SenderRun start_sender(const e2e::WorkDir& work, const std::string& plan, std::vector<std::string> extra = {}) {
  SenderRun run;
  run.upstream = UpstreamProcess::start({RWCHAOS_BINARY, "", work.path(), work.path() / "upstream.log", plan});
  run.generator = Generator::start();
  const auto ready = work.path() / "sender.ready.json";
  std::vector<std::string> argv = {RWCHAOS_BINARY, "sender", "--write-url=" + run.upstream->write_url(),
                                   "--scrape-url=" + run.generator->base_url() + "/metrics", "--interval-ms=200",
                                   "--ready-file=" + ready.string()};
  argv.insert(argv.end(), extra.begin(), extra.end());
  run.sender = ChildProcess::start({"sender", argv, work.path() / "sender.log", work.path(), {}});
  const bool up = test::wait_until(10s, [&] { return std::filesystem::exists(ready) || !run.sender->running(); });
  if (!up || !std::filesystem::exists(ready)) throw std::runtime_error("sender did not start:\n" + run.sender->log_tail());
  run.admin = nlohmann::json::parse(e2e::read_text(ready)).at("listen").get<std::string>();
  return run;
}

bool has_answered(SenderRun& run, std::size_t requests) {
  std::size_t answered = 0;
  for (const auto& record : run.ledger()) answered += record.outcome != faults::Outcome::in_flight;
  return answered >= requests;
}

// The value of one series line of the sender's /metrics, -1 when absent.
double metric(const std::string& text, const std::string& series) {
  const auto at = text.find("\n" + series + " ");
  return at == std::string::npos ? -1 : std::stod(text.substr(at + series.size() + 2));
}

TEST(SenderProcess, SendsTheFourRequiredHeadersOnOneKeptAliveConnection) {
  e2e::WorkDir work("sender-headers");
  SenderRun run = start_sender(work, "");
  ASSERT_TRUE(test::wait_until(10s, [&] { return has_answered(run, 4); })) << run.sender->log_tail();
  EXPECT_EQ(http_get("http://" + run.admin + "/health").status, 200);
  const auto ledger = run.ledger();
  for (const auto& record : ledger) {
    EXPECT_EQ(record.status, 204);
    EXPECT_EQ(record.series, 4u) << "rwchaos_generated_total, up, scrape_duration_seconds, scrape_samples_scraped";
    EXPECT_EQ(record.conn, 1u) << "one connection, kept alive";
    EXPECT_EQ(record.headers.at("content-encoding"), "snappy");
    EXPECT_EQ(record.headers.at("content-type"), "application/x-protobuf");
    EXPECT_EQ(record.headers.at("x-prometheus-remote-write-version"), "0.1.0");
    EXPECT_EQ(record.headers.at("user-agent"), std::string("rwchaos-sender/") + RWCHAOS_VERSION);
  }
  EXPECT_GE(metric(run.metrics(), "rwchaos_sender_samples_sent_total"), 16);
  EXPECT_EQ(run.sender->stop(5000ms), 0) << run.sender->log_tail();
}

TEST(SenderProcess, MisbehavingHeadersAreWrongOnTheWire) {
  e2e::WorkDir work("sender-no-headers");
  SenderRun none = start_sender(work, "", {"--misbehave=no-headers"});
  ASSERT_TRUE(test::wait_until(10s, [&] { return has_answered(none, 2); })) << none.sender->log_tail();
  for (const auto& record : none.ledger()) EXPECT_TRUE(record.headers.empty()) << nlohmann::json(record.headers);
  e2e::WorkDir other("sender-wrong-version");
  SenderRun wrong = start_sender(other, "", {"--misbehave=wrong-version-header"});
  ASSERT_TRUE(test::wait_until(10s, [&] { return has_answered(wrong, 2); })) << wrong.sender->log_tail();
  for (const auto& record : wrong.ledger()) EXPECT_EQ(record.headers.at("x-prometheus-remote-write-version"), "2.0.0");
}

TEST(SenderProcess, A400IsDroppedNotRetriedAndCountedInSamples) {
  e2e::WorkDir work("sender-400");
  SenderRun run = start_sender(work, "seed: 1\nfaults: [{action: respond, status: 400, when: {requests: \"2\"}}]\n");
  ASSERT_TRUE(test::wait_until(10s, [&] { return has_answered(run, 4); })) << run.sender->log_tail();
  const auto ledger = run.ledger();
  ASSERT_EQ(ledger[1].status, 400);
  for (std::size_t i = 2; i < ledger.size(); ++i) EXPECT_NE(ledger[i].hash, ledger[1].hash) << "retried a 400";
  EXPECT_EQ(metric(run.metrics(), "rwchaos_sender_samples_dropped_total{reason=\"http_4xx\"}"),
            static_cast<double>(ledger[1].samples));
  EXPECT_EQ(metric(run.metrics(), "rwchaos_sender_requests_total{status=\"400\"}"), 1);
}

TEST(SenderProcess, RetryAfterAsAnHttpDateIsWaitedOut) {
  e2e::WorkDir work("sender-retry-after-date");
  // An IMF-fixdate three seconds ahead. The sender's start-up eats into that, so the check is
  // against the date itself: the retry never comes before it, and not long after it.
  const std::time_t at = std::time(nullptr) + 3;
  std::tm tm{};
  gmtime_r(&at, &tm);
  char date[64];
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  SenderRun run = start_sender(
      work, fmt::format("seed: 1\nfaults: [{{action: respond, status: 429, headers: {{Retry-After: \"{}\"}}, when: "
                        "{{requests: \"1\"}}}}]\n",
                        date));
  ASSERT_TRUE(test::wait_until(10s, [&] { return has_answered(run, 2); })) << run.sender->log_tail();
  const auto ledger = run.ledger();
  ASSERT_EQ(ledger[0].status, 429);
  EXPECT_EQ(ledger[1].hash, ledger[0].hash) << "the 429'd batch goes first";
  const double date_ms = static_cast<double>(at) * 1000;
  ASSERT_LT(ledger[0].arrival_unix_ms, date_ms - 500) << "the sender started too late for a wait to show";
  EXPECT_GE(ledger[1].arrival_unix_ms, date_ms - 20) << "retried before the Retry-After date";
  EXPECT_LE(ledger[1].arrival_unix_ms, date_ms + 1000) << "waited well past the Retry-After date";
}

TEST(SenderProcess, SigtermFlushesWithinTheDeadlineEvenWhenTheReceiverNeverAnswers) {
  e2e::WorkDir work("sender-flush");
  SenderRun run = start_sender(work, "seed: 1\nfaults: [{action: blackhole, when: {requests: \"2-\"}}]\n",
                               {"--flush-deadline-ms=1000"});
  ASSERT_TRUE(test::wait_until(10s, [&] { return run.ledger().size() >= 2; })) << run.sender->log_tail();
  const auto stopping = std::chrono::steady_clock::now();
  ::kill(run.sender->pid(), SIGTERM);
  ASSERT_TRUE(test::wait_until(5s, [&] { return !run.sender->running(); }));
  const auto took = std::chrono::steady_clock::now() - stopping;
  EXPECT_EQ(run.sender->exit_status(), 0) << run.sender->log_tail();
  EXPECT_LT(took, 2500ms) << "the flush deadline is 1 s";
  EXPECT_GE(took, 900ms) << "it gave up before the deadline";
  EXPECT_NE(run.sender->log_tail().find("dropped at shutdown"), std::string::npos) << run.sender->log_tail();
}

// httplib listens with SO_REUSEPORT by default: two of its servers could share a port (the harness's
// control calls then reach a sender). The sender's own server must fail to bind a taken port instead.
TEST(SenderAdminServer, RefusesAPortAnotherHttplibServerListensOn) {
  test::TestServer other;
  other.start();
  sender::SenderMetrics metrics;
  try {
    sender::AdminServer admin(fmt::format("127.0.0.1:{}", other.port()), metrics);
    FAIL() << "bound " << admin.address() << ", which another server listens on";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("address already in use"), std::string::npos) << error.what();
  }
  sender::AdminServer free("127.0.0.1:0", metrics);
  EXPECT_EQ(http_get("http://" + free.address() + "/health").body, "OK");
  EXPECT_THROW(sender::AdminServer("10.0.0.1:0", metrics), std::invalid_argument);
}

TEST(SenderProcess, BadInputExitsTwoNamingTheProblem) {
  e2e::WorkDir work("sender-bad-input");
  const auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {RWCHAOS_BINARY, "sender"});
    auto child = ChildProcess::start({"sender", args, work.path() / "bad.log", work.path(), {}});
    test::wait_until(5s, [&] { return !child->running(); });
    return std::make_pair(child->stop(100ms), child->log_tail());
  };
  const std::string ok_urls[] = {"--write-url=http://127.0.0.1:9/api/v1/write", "--scrape-url=http://127.0.0.1:9/metrics"};
  auto [code, log] = run({ok_urls[0], ok_urls[1], "--misbehave=retry-4xx,nope"});
  EXPECT_EQ(code, 2);
  EXPECT_NE(log.find("unknown misbehaviour \"nope\""), std::string::npos) << log;
  EXPECT_NE(log.find("retry-4xx, no-retry, constant-backoff, drop-on-5xx, reorder, no-headers, wrong-version-header, "
                     "ignore-retry-after, rebatch"),
            std::string::npos)
      << log;
  std::tie(code, log) = run({"--write-url=http://10.1.2.3:9/api/v1/write", ok_urls[1]});
  EXPECT_EQ(code, 2);
  EXPECT_NE(log.find("not a loopback address"), std::string::npos) << log;
  std::tie(code, log) = run({"--write-url=https://127.0.0.1:9/", ok_urls[1]});
  EXPECT_EQ(code, 2);
  std::tie(code, log) = run({ok_urls[0], ok_urls[1], "--interval-ms=0"});
  EXPECT_EQ(code, 2);
  EXPECT_NE(log.find("--interval-ms"), std::string::npos) << log;
  std::tie(code, log) = run({ok_urls[0]});
  EXPECT_EQ(code, 2) << "a missing required option";
}

}  // namespace
}  // namespace rwchaos::harness
