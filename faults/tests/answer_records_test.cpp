// Every answer's ledger record is durable before the answer's first byte (or FIN/RST) leaves, and
// a client that goes away while a fault holds its request is recorded with that fault.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>

#include <filesystem>

#include "faults/tests/test_support.hpp"

namespace rwchaos::faults::testing {
namespace {

const std::string stored_body = payload(2, 3);

std::vector<nlohmann::json> file_records(const std::string& path) {
  std::ifstream in(path);
  std::vector<nlohmann::json> out;
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

std::string fresh_path(const std::string& name) {
  const std::string path = ::testing::TempDir() + "/" + name + ".jsonl";
  std::filesystem::remove(path);
  return path;
}

// --- the record is on disk before the client sees anything -------------------------------------

struct AnswerCase {
  const char* name;
  const char* plan;
  const char* fault;
  const char* outcome;
  int status;
  bool committed;
  bool storage_down = false;  // --forward to a port where nothing listens
};

void PrintTo(const AnswerCase& c, std::ostream* out) { *out << c.name; }

class RecordBeforeAnswer : public ::testing::TestWithParam<AnswerCase> {};

TEST_P(RecordBeforeAnswer, LedgerFileHoldsTheRecordWhenTheClientSeesTheFirstByte) {
  const AnswerCase& c = GetParam();
  UpstreamOptions options;
  options.ledger_file = fresh_path(std::string("record_before_answer_") + c.name);
  if (c.storage_down) options.forward_url = "http://127.0.0.1:1/api/v1/write";  // nothing listens on port 1
  TestUpstream up(c.plan, options);
  RawClient client(up.port());
  ASSERT_TRUE(client.send(post_request(stored_body)));
  // The first byte, or the end of the stream for answers that only close.
  client.read_until([](const std::string& r) { return !r.empty(); }, 5s);
  // No waiting from here on: the record must already be in the file.
  const auto records = file_records(options.ledger_file);
  ASSERT_EQ(records.size(), 1u) << "received " << client.received.size() << " bytes";
  EXPECT_EQ(records[0]["fault"], c.fault);
  EXPECT_EQ(records[0]["outcome"], c.outcome);
  EXPECT_EQ(records[0]["status"], c.status);
  EXPECT_EQ(records[0]["committed"], c.committed);
  EXPECT_EQ(records[0]["size"], stored_body.size());
  EXPECT_EQ(records[0]["samples"], 6);
  if (c.status != 0) EXPECT_EQ(client.status(), c.status);
  else EXPECT_EQ(client.received, "");
}

INSTANTIATE_TEST_SUITE_P(
    EveryAnswer, RecordBeforeAnswer,
    ::testing::Values(
        AnswerCase{"no_fault", "faults: []", "", "response", 204, true},
        AnswerCase{"respond_envoy_uc_commit", "faults: [{action: respond, body: envoy-uc, commit: true}]", "respond",
                   "response", 503, true},
        AnswerCase{"respond_503", "faults: [{action: respond, status: 503}]", "respond", "response", 503, false},
        AnswerCase{"slow_headers", "faults: [{action: slow_headers, delay: 100ms}]", "slow_headers", "response", 204, true},
        // The body trickles for 800 ms after the headers: a record written after the answer would be missing.
        AnswerCase{"trickle_body", "faults: [{action: trickle_body, size: 40, chunk: 10, interval: 200ms}]",
                   "trickle_body", "response", 200, true},
        AnswerCase{"truncate_response", "faults: [{action: truncate_response, bytes: 30}]", "truncate_response",
                   "truncated", 200, true},
        AnswerCase{"latency_respond", "faults: [{action: latency, delay: 50ms}, {action: respond, status: 429}]",
                   "latency+respond", "response", 429, false},
        AnswerCase{"close_before_headers_commit", "faults: [{action: close_before_headers, commit: true}]",
                   "close_before_headers", "close_fin", 0, true},
        AnswerCase{"half_close_commit", "faults: [{action: half_close, commit: true, then: close}]", "half_close",
                   "half_close", 0, true},
        AnswerCase{"storage_down_503", "faults: []", "", "response", 503, false, true}),
    [](const auto& info) { return std::string(info.param.name); });

// A real crash: the upstream process is SIGKILLed the moment the client sees the answer's first
// byte; the ledger file still names what it answered and committed.
TEST(RecordBeforeAnswerCrash, SigkilledUpstreamKeepsTheRecordOfItsLastAnswer) {
  const std::string dir = ::testing::TempDir();
  UpstreamOptions options;
  options.ready_file = dir + "/crash_ready.json";
  options.ledger_file = fresh_path("crash_ledger");
  options.plan_file = dir + "/crash_plan.yaml";
  std::filesystem::remove(options.ready_file);
  std::ofstream(options.plan_file) << "faults: [{action: respond, body: envoy-uc, commit: true, when: {requests: \"2\"}}]\n";
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(run_upstream(options));
  ASSERT_GT(pid, 0);
  const auto reap = [pid] {
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
  };
  if (!eventually([&] { return std::filesystem::exists(options.ready_file); }, 10s)) {
    reap();
    FAIL() << "upstream did not start";
  }
  nlohmann::json ready;
  std::ifstream(options.ready_file) >> ready;
  const std::string listen = ready["listen"];
  RawClient client(static_cast<std::uint16_t>(std::stoi(listen.substr(listen.rfind(':') + 1))));
  client.send(post_request(payload(1, 1)));
  const End first = client.read_response(5s);
  client.consume();
  client.send(post_request(stored_body));
  const End second = client.read_until([](const std::string& r) { return !r.empty(); }, 5s);
  reap();
  ASSERT_EQ(first, End::open);
  ASSERT_EQ(second, End::open);
  EXPECT_EQ(client.status(), 503);
  const auto records = file_records(options.ledger_file);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1]["id"], 2);
  EXPECT_EQ(records[1]["fault"], "respond");
  EXPECT_EQ(records[1]["status"], 503);
  EXPECT_EQ(records[1]["committed"], true);
}

// --- a client that goes away mid-fault -----------------------------------------------------------

TEST(ClientGoneDuringFault, SlowHeadersAbandonedByTheClientIsRecordedAndCounted) {
  TestUpstream up("faults: [{action: slow_headers, delay: 10s}]");
  {
    RawClient client(up.port());
    ASSERT_TRUE(client.send(post_request(stored_body)));
    const auto waiting = up.ledger_with(1, 5s, /*answered=*/false);
    ASSERT_EQ(waiting.size(), 1u);
    EXPECT_EQ(waiting[0]["outcome"], "in_flight");
    EXPECT_EQ(waiting[0]["fault"], "slow_headers");  // the fault is named while it still acts
    EXPECT_EQ(client.received, "");
  }  // the client times out: closes before any header came
  const auto closed_at = Clock::now();
  const auto records = up.ledger_with(1, 5s);
  const double recorded_after_ms = ms_since(closed_at);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["outcome"], "client_closed");
  EXPECT_EQ(records[0]["fault"], "slow_headers");
  EXPECT_EQ(records[0]["status"], 0);
  EXPECT_EQ(records[0]["committed"], true);  // slow_headers commits before it waits
  EXPECT_LT(recorded_after_ms, 5000);        // seen when the client left, not when the 10 s delay ended
  const auto stats = up.stats();
  EXPECT_EQ(stats["faults_injected"]["slow_headers"], 1);
  EXPECT_EQ(stats["outcomes"]["client_closed"], 1);
  EXPECT_TRUE(eventually([&] { return up.stats()["open_connections"] == 0; }));
}

TEST(ClientGoneDuringFault, RstDuringLatencyIsRecordedNeitherCommittedNorAnswered) {
  TestUpstream up("faults: [{action: latency, delay: 10s}, {action: respond, body: envoy-uc, commit: true}]");
  {
    RawClient client(up.port());
    ASSERT_TRUE(client.send(post_request(stored_body)));
    const auto waiting = up.ledger_with(1, 5s, /*answered=*/false);
    ASSERT_EQ(waiting.size(), 1u);
    EXPECT_EQ(waiting[0]["fault"], "latency+respond");
    EXPECT_EQ(waiting[0]["committed"], false);
    const linger reset{1, 0};  // close with RST
    ::setsockopt(client.fd(), SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
  }
  const auto records = up.ledger_with(1, 5s);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["outcome"], "client_closed");
  EXPECT_EQ(records[0]["fault"], "latency");  // respond was chosen but never got to act
  EXPECT_EQ(records[0]["committed"], false);  // the commit comes after the latency, which never ended
  const auto stats = up.stats();
  EXPECT_EQ(stats["faults_injected"]["latency"], 1);
  EXPECT_FALSE(stats["faults_injected"].contains("respond"));
}

TEST(ClientGoneDuringFault, PipelinedNextRequestSentDuringTheWaitIsStillServed) {
  // Watching for the client's close must not eat the next request's bytes.
  TestUpstream up("faults: [{action: slow_headers, delay: 200ms, when: {requests: \"1\"}}]");
  RawClient client(up.port());
  ASSERT_TRUE(client.send(post_request(stored_body)));
  ASSERT_EQ(up.ledger_with(1, 5s, /*answered=*/false).size(), 1u);
  ASSERT_TRUE(client.send(post_request(payload(1, 1))));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 204);
  client.consume_response();
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 204);
  const auto records = up.ledger_with(2);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0]["fault"], "slow_headers");
  EXPECT_EQ(records[1]["fault"], "");
  EXPECT_EQ(records[1]["samples"], 1);
}

}  // namespace
}  // namespace rwchaos::faults::testing
