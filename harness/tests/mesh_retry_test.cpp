// The sidecar's retries: which resets and responses are retried, how many times, with which back-off,
// and what the client and the log see when they run out. Rows R1-R12, R14 of docs/envoy-semantics.md §7.
#include <mutex>

#include "harness/mesh/retry_backoff.hpp"
#include "harness/tests/mesh_support.hpp"
#include "harness/tests/real_process_support.hpp"

namespace rwchaos::harness::mesh_test {
namespace {

nlohmann::json retry_route(const std::string& name, std::vector<std::string> tokens, int retries = 1,
                           std::vector<int> codes = {}) {
  nlohmann::json route = {{"name", name},
                          {"match", {{"prefix", "/" + name}}},
                          {"retry_policy", {{"num_retries", retries}, {"retry_on", tokens}}}};
  if (!codes.empty()) route["retry_policy"]["retriable_status_codes"] = codes;
  return route;
}

// Sets the upstream's plan so that `fault` (a plan entry without `when`) hits exactly the next request.
void fault_next_request(Hop& hop, const std::string& fault) {
  const std::size_t next = hop.upstream().ledger().size() + 1;
  hop.upstream().set_plan("faults: [{" + fault + ", when: {requests: \"" + std::to_string(next) + "\"}}]");
}

std::uint64_t retries(Hop& hop) { return hop.sidecar().stats().value("upstream_rq_retry", std::uint64_t{0}); }

TEST(SidecarRetry, AttemptsBoundsRequestsSent) {
  Hop hop("retry-attempts", "faults: [{action: close_before_headers}]",
          {{"routes", {retry_route("two", {"reset"}, 2), retry_route("none", {"reset"}, 0)}}});
  const std::string response = hop.post(one_sample_body, nullptr, "/two");
  EXPECT_EQ(status_of(response), 503);
  EXPECT_EQ(body_of(response), preset_body("envoy-urx-uc"));
  EXPECT_EQ(hop.ledger(3).size(), 3u) << "num_retries 2: 1 + 2 requests";
  EXPECT_EQ(status_of(hop.post(one_sample_body, nullptr, "/none")), 503);
  EXPECT_EQ(hop.ledger(4).size(), 4u) << "num_retries 0: 1 request";
  const auto lines = hop.log_lines(2);
  EXPECT_EQ(outcome_fields(lines[0]), "503 URX,UC upstream_reset_before_response_started{connection_termination} - \"-\"");
  EXPECT_EQ(outcome_fields(lines[1]), "503 URX,UC upstream_reset_before_response_started{connection_termination} - \"-\"");
}

// Which tokens retry a close before response headers, and which a refused connect (§2's table).
TEST(SidecarRetry, ResetTokenMatrix) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> tokens = {
      {"reset", {"reset"}}, {"5xx", {"5xx"}}, {"gateway", {"gateway-error"}}, {"connect", {"connect-failure"}},
      {"before", {"reset-before-request"}}, {"fourxx", {"retriable-4xx"}}, {"codes", {"retriable-status-codes"}}};
  nlohmann::json routes = nlohmann::json::array();
  for (const auto& [name, list] : tokens) routes.push_back(retry_route(name, list, 1, {503}));
  const std::set<std::string> retry_a_close = {"reset", "5xx", "gateway"};
  const std::set<std::string> retry_a_refusal = {"reset", "5xx", "gateway", "connect", "before"};

  Hop hop("retry-reset-matrix", "", {{"routes", routes}});
  for (const auto& [name, list] : tokens) {
    fault_next_request(hop, "action: close_before_headers");
    const std::uint64_t before = retries(hop);
    const std::string response = hop.post(one_sample_body, nullptr, "/" + name);
    const bool retried = retry_a_close.count(name) > 0;
    EXPECT_EQ(status_of(response), retried ? 204 : 503) << name;
    EXPECT_EQ(retries(hop) - before, retried ? 1u : 0u) << name;
  }

  RefusingPort refusing;
  routes.clear();
  for (const auto& [name, list] : tokens) routes.push_back(retry_route(name, list, 1, {503}));
  auto refused = hop.start_sidecar({{"upstream", refusing.address()}, {"routes", routes}}, "refused");
  for (const auto& [name, list] : tokens) {
    const std::uint64_t before = refused->stats().value("upstream_rq_retry", std::uint64_t{0});
    RawClient client(static_cast<std::uint16_t>(refused->listen_port()));
    client.send(post_request(one_sample_body, true, "/" + name));
    ASSERT_EQ(client.read_response(5s), End::open) << name;
    EXPECT_EQ(client.status(), 503) << name;
    const bool retried = retry_a_refusal.count(name) > 0;
    EXPECT_EQ(refused->stats().value("upstream_rq_retry", std::uint64_t{0}) - before, retried ? 1u : 0u) << name;
  }
}

TEST(SidecarRetry, ResetBeforeRequestRetriesConnectFailureOnly) {
  // A close on a reused connection: the request had a connection, so reset-before-request does not retry.
  Hop hop("retry-before-request", "faults: [{action: close_on_reuse}]",
          {{"routes", {retry_route("api", {"reset-before-request"}, 2)}}});
  RawClient client = hop.client();
  client.send(post_request(one_sample_body, true, "/api"));
  ASSERT_EQ(client.read_response(5s), End::open);
  client.consume();
  client.send(post_request(one_sample_body, true, "/api"));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 503);
  EXPECT_EQ(client.body(), preset_body("envoy-uc"));
  EXPECT_EQ(retries(hop), 0u);
  // A refused connect: nothing had a connection, so it retries (1.24) ...
  RefusingPort refusing;
  auto current = hop.start_sidecar({{"upstream", refusing.address()}, {"routes", {retry_route("api", {"reset-before-request"}, 2)}}}, "v124");
  RawClient a(static_cast<std::uint16_t>(current->listen_port()));
  a.send(post_request(one_sample_body, true, "/api"));
  ASSERT_EQ(a.read_response(5s), End::open);
  EXPECT_EQ(a.status(), 503);
  EXPECT_EQ(a.body(), "upstream connect error or disconnect/reset before headers. retried and the latest reset reason: "
                      "remote connection failure, transport failure reason: delayed connect error: Connection refused");
  EXPECT_EQ(current->stats()["upstream_rq_retry"], 2);
  EXPECT_EQ(outcome_fields(hop.log_lines(1, "v124")[0]),
            "503 URX,UF upstream_reset_before_response_started{remote_connection_failure|delayed_connect_error:_Connection_refused} "
            "- \"delayed connect error: Connection refused\"");
  // ... except under Istio 1.22, whose Envoy does not know the token.
  auto old = hop.start_sidecar({{"upstream", refusing.address()}, {"istio", "1.22"}, {"routes", {retry_route("api", {"reset-before-request"}, 2)}}}, "v122");
  RawClient b(static_cast<std::uint16_t>(old->listen_port()));
  b.send(post_request(one_sample_body, true, "/api"));
  ASSERT_EQ(b.read_response(5s), End::open);
  EXPECT_EQ(b.status(), 503);
  EXPECT_EQ(old->stats()["upstream_rq_retry"], 0);
}

TEST(SidecarRetry, ResponseTokenMatrix) {
  struct Case {
    std::string route;
    int status;
    std::string extra_header;  // "name: value" or ""
    bool retried;
  };
  const std::vector<Case> cases = {
      {"5xx", 500, "", true},           {"5xx", 503, "", true},        {"gateway", 500, "", false},
      {"gateway", 502, "", true},       {"gateway", 503, "", true},    {"gateway", 504, "", true},
      {"fourxx", 409, "", true},        {"fourxx", 429, "", false},    {"codes", 503, "", true},
      {"codes", 500, "", false},        {"reset", 503, "", false},     {"5xx", 503, "x-envoy-ratelimited: true", false},
      {"limited", 429, "x-envoy-ratelimited: true", true},             {"limited", 429, "", false},
  };
  Hop hop("retry-response-matrix", "",
          {{"routes", {retry_route("5xx", {"5xx"}), retry_route("gateway", {"gateway-error"}),
                       retry_route("fourxx", {"retriable-4xx"}), retry_route("codes", {"retriable-status-codes"}, 1, {503}),
                       retry_route("reset", {"reset"}), retry_route("limited", {"envoy-ratelimited"})}}});
  for (const auto& c : cases) {
    const std::string headers = c.extra_header.empty()
                                    ? ""
                                    : ", headers: {" + c.extra_header.substr(0, c.extra_header.find(':')) + ": " +
                                          c.extra_header.substr(c.extra_header.find(':') + 2) + "}";
    fault_next_request(hop, "action: respond, status: " + std::to_string(c.status) + headers);
    const std::uint64_t before = retries(hop);
    const std::string response = hop.post(one_sample_body, nullptr, "/" + c.route);
    const std::string what = c.route + " " + std::to_string(c.status) + " " + c.extra_header;
    EXPECT_EQ(status_of(response), c.retried ? 204 : c.status) << what;
    EXPECT_EQ(retries(hop) - before, c.retried ? 1u : 0u) << what;
  }
}

TEST(SidecarRetry, GrpcAndHttp2TokensAreNoOps) {
  const std::vector<std::string> no_ops = {"cancelled", "deadline-exceeded", "internal", "resource-exhausted",
                                           "unavailable", "refused-stream", "http3-post-connect-failure",
                                           "retriable-headers"};
  Hop hop("retry-no-ops", "", {{"routes", {retry_route("api", no_ops, 2)}}});
  fault_next_request(hop, "action: close_before_headers");
  EXPECT_EQ(status_of(hop.post(one_sample_body, nullptr, "/api")), 503);
  fault_next_request(hop, "action: respond, status: 503");
  EXPECT_EQ(status_of(hop.post(one_sample_body, nullptr, "/api")), 503);
  fault_next_request(hop, "action: respond, status: 500");
  EXPECT_EQ(status_of(hop.post(one_sample_body, nullptr, "/api")), 500);
  EXPECT_EQ(retries(hop), 0u);
  // They do read grpc-status when an answer carries one: 14 is UNAVAILABLE.
  fault_next_request(hop, "action: respond, status: 200, headers: {grpc-status: \"14\"}");
  EXPECT_EQ(status_of(hop.post(one_sample_body, nullptr, "/api")), 204);
  EXPECT_EQ(retries(hop), 1u);
}

TEST(SidecarRetry, RetriedResponseWithBodyClosesConnection) {
  Hop hop("retry-closes-connection",
          "faults: [{action: respond, status: 503, body: busy, when: {requests: \"1\"}},"
          " {action: respond, status: 503, when: {requests: \"3\"}}]",
          {{"routes", {retry_route("api", {"retriable-status-codes"}, 1, {503})}}});
  EXPECT_EQ(status_of(hop.post(one_sample_body, nullptr, "/api")), 204);  // 503 with a body: connection 1 closed
  EXPECT_EQ(status_of(hop.post(one_sample_body, nullptr, "/api")), 204);  // 503 without one: connection 2 kept
  const auto records = hop.ledger(4);
  ASSERT_EQ(records.size(), 4u);
  std::vector<std::uint64_t> conns;
  for (const auto& r : records) conns.push_back(r.conn);
  EXPECT_EQ(conns, (std::vector<std::uint64_t>{1, 2, 2, 2}));
}

TEST(SidecarRetry, ExhaustedRetriesLogUrx) {
  Hop hop("retry-exhausted", "faults: [{action: respond, status: 503, body: busy}]",
          {{"routes", {retry_route("api", {"retriable-status-codes"}, 1, {503})}}});
  const std::string response = hop.post(one_sample_body, nullptr, "/api");
  EXPECT_EQ(status_of(response), 503);
  EXPECT_EQ(body_of(response), "busy") << "the last upstream answer is relayed";
  EXPECT_EQ(outcome_fields(hop.log_lines()[0]), "503 URX via_upstream - \"-\"");
  EXPECT_EQ(hop.ledger(2).size(), 2u);
  EXPECT_EQ(hop.sidecar().stats()["upstream_rq_retry_limit_exceeded"], 1);
}

TEST(SidecarRetry, MaxRetriesOverflowIsUo) {
  Hop hop("retry-overflow", "faults: [{action: close_before_headers}]",
          {{"clusters", {{{"name", "c"}, {"max_retries", 0}}}}, {"routes", {retry_route("api", {"reset"}, 3)}}});
  const std::string response = hop.post(one_sample_body, nullptr, "/api");
  EXPECT_EQ(status_of(response), 503);
  EXPECT_EQ(body_of(response), preset_body("envoy-uc")) << "no retry happened";
  EXPECT_EQ(outcome_fields(hop.log_lines()[0]), "503 UO,UC upstream_reset_before_response_started{connection_termination} - \"-\"");
  EXPECT_EQ(hop.ledger(1).size(), 1u);
  EXPECT_EQ(hop.sidecar().stats()["upstream_rq_retry_overflow"], 1);
}

TEST(SidecarRetry, BackoffIsFullJitterWithinEnvoyIntervals) {
  // 200 requests' draws per retry index: inside [0, interval), spread over all of it, and the same
  // again from the same seed.
  const std::int64_t intervals[] = {25, 50, 100, 200, 250, 250};
  for (std::size_t retry = 0; retry < std::size(intervals); ++retry) {
    std::int64_t low = intervals[retry], high = -1;
    for (std::uint64_t request = 1; request <= 200; ++request) {
      mesh::RetryBackoff draws(25ms, 250ms, mesh::request_key(7, 0, request));
      mesh::RetryBackoff again(25ms, 250ms, mesh::request_key(7, 0, request));
      std::int64_t drawn = 0;
      for (std::size_t i = 0; i <= retry; ++i) {
        drawn = draws.next().count();
        EXPECT_EQ(again.next().count(), drawn);
      }
      low = std::min(low, drawn);
      high = std::max(high, drawn);
    }
    EXPECT_GE(low, 0);
    EXPECT_LT(high, intervals[retry]) << "retry " << retry + 1;
    EXPECT_LE(low, intervals[retry] / 5) << "retry " << retry + 1 << ": not fully jittered";
    EXPECT_GE(high, intervals[retry] * 4 / 5) << "retry " << retry + 1 << ": not fully jittered";
  }
  const nlohmann::json routes = {retry_route("api", {"reset"}, 4)};
  Hop hop("retry-backoff", "faults: [{action: close_before_headers}]", {{"routes", routes}, {"seed", 7}});
  EXPECT_EQ(status_of(hop.post(one_sample_body, nullptr, "/api")), 503);
  const auto waits = hop.sidecar().stats()["retry_backoffs_ms"].get<std::vector<std::int64_t>>();
  ASSERT_EQ(waits.size(), 4u);
  const std::int64_t bounds[] = {25, 50, 100, 200};
  for (std::size_t i = 0; i < waits.size(); ++i) {
    EXPECT_GE(waits[i], 0);
    EXPECT_LT(waits[i], bounds[i]) << "retry " << i + 1;
  }
  // Each retry reached the upstream no sooner than its wait after the attempt before it.
  const auto records = hop.ledger(5);
  ASSERT_EQ(records.size(), 5u);
  for (std::size_t i = 1; i < records.size(); ++i)
    EXPECT_GE(records[i].arrival_unix_ms - records[i - 1].arrival_unix_ms, static_cast<double>(waits[i - 1]) - 1.0)
        << "retry " << i;
  // The same seed draws the same waits; another seed others.
  auto same = hop.start_sidecar({{"upstream", hop.upstream_address()}, {"routes", routes}, {"seed", 7}}, "same-seed");
  auto other = hop.start_sidecar({{"upstream", hop.upstream_address()}, {"routes", routes}, {"seed", 8}}, "other-seed");
  for (auto* sidecar : {same.get(), other.get()}) {
    RawClient client(static_cast<std::uint16_t>(sidecar->listen_port()));
    client.send(post_request(one_sample_body, true, "/api"));
    ASSERT_EQ(client.read_response(5s), End::open);
  }
  EXPECT_EQ(same->stats()["retry_backoffs_ms"].get<std::vector<std::int64_t>>(), waits);
  EXPECT_NE(other->stats()["retry_backoffs_ms"].get<std::vector<std::int64_t>>(), waits);
}

// A valid remote-write body (the upstream refuses anything else before its faults act) of exactly
// `bytes` compressed bytes: one series padded with a label of random letters, which snappy cannot shrink.
std::string payload_of_size(std::size_t bytes) {
  std::mt19937_64 random(42);
  std::string letters;
  for (std::size_t i = 0; i < bytes; ++i) letters += static_cast<char>('a' + random() % 26);
  std::size_t pad = bytes;
  for (int step = 0; step < 64; ++step) {
    prometheus::WriteRequest request;
    auto* series = request.add_timeseries();
    auto* name = series->add_labels();
    name->set_name("__name__");
    name->set_value("rwchaos_padded");
    auto* label = series->add_labels();
    label->set_name("pad");
    label->set_value(letters.substr(0, pad));
    auto* sample = series->add_samples();
    sample->set_timestamp(1'700'000'000'000);
    sample->set_value(1);
    const std::string encoded = rwchaos::remotewrite::encode(request);
    if (encoded.size() == bytes) return encoded;
    pad = encoded.size() > bytes ? pad - std::min(pad, encoded.size() - bytes) : pad + (bytes - encoded.size());
  }
  return "";
}

TEST(SidecarRetry, BodyOverOneMibIsNotRetried) {
  const std::string at_limit = payload_of_size(1u << 20);
  const std::string over_limit = payload_of_size((1u << 20) + 1);
  ASSERT_EQ(at_limit.size(), 1u << 20);
  ASSERT_EQ(over_limit.size(), (1u << 20) + 1);
  Hop hop("retry-buffer-limit", "", {{"routes", {retry_route("api", {"reset"}, 1)}}});
  fault_next_request(hop, "action: close_before_headers");
  EXPECT_EQ(status_of(hop.post(at_limit, nullptr, "/api")), 204);
  EXPECT_EQ(retries(hop), 1u);
  fault_next_request(hop, "action: close_before_headers");
  const std::string response = hop.post(over_limit, nullptr, "/api");
  EXPECT_EQ(status_of(response), 503);
  EXPECT_EQ(body_of(response), preset_body("envoy-uc"));
  EXPECT_EQ(retries(hop), 1u);
  EXPECT_EQ(hop.sidecar().stats()["retry_or_shadow_abandoned"], 1);
}

// An upstream that shows the request headers the fault upstream does not keep: 503 on its first
// request, 204 after.
class HeaderRecorder : public test::TestServer {
 public:
  HeaderRecorder() {
    server().Post(".*", [this](const httplib::Request& request, httplib::Response& response) {
      std::lock_guard lock(mutex_);
      attempt_counts_.push_back(request.has_header("x-envoy-attempt-count") ? request.get_header_value("x-envoy-attempt-count") : "-");
      response.status = attempt_counts_.size() == 1 ? 503 : 204;
    });
    start();
  }
  std::vector<std::string> attempt_counts() {
    std::lock_guard lock(mutex_);
    return attempt_counts_;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> attempt_counts_;
};

TEST(SidecarRetry, OutboundSendsAttemptCount) {
  HeaderRecorder outbound_upstream;
  Hop hop("retry-attempt-count", "",
          {{"upstream", "127.0.0.1:" + std::to_string(outbound_upstream.port())},
           {"routes", {retry_route("api", {"retriable-status-codes"}, 1, {503})}}});
  EXPECT_EQ(status_of(hop.post(one_sample_body, nullptr, "/api")), 204);
  EXPECT_EQ(outbound_upstream.attempt_counts(), (std::vector<std::string>{"1", "2"}));
  // The inbound sidecar adds none and passes on what it gets.
  HeaderRecorder inbound_upstream;
  auto inbound = hop.start_sidecar({{"upstream", "127.0.0.1:" + std::to_string(inbound_upstream.port())}, {"role", "inbound"}}, "inbound");
  for (const std::string count : {"", "3"}) {
    RawClient client(static_cast<std::uint16_t>(inbound->listen_port()));
    std::string request = post_request(one_sample_body);
    if (!count.empty()) request.insert(request.find("\r\n") + 2, "x-envoy-attempt-count: " + count + "\r\n");
    client.send(request);
    ASSERT_EQ(client.read_response(5s), End::open);
  }
  EXPECT_EQ(inbound_upstream.attempt_counts(), (std::vector<std::string>{"-", "3"}));
}

TEST(SidecarRetry, PerTryTimeoutRetriesThenUt) {
  nlohmann::json retried = retry_route("retried", {"reset"}, 1);
  nlohmann::json not_retried = retry_route("kept", {"connect-failure"}, 1);
  retried["retry_policy"]["per_try_timeout_ms"] = 200;
  not_retried["retry_policy"]["per_try_timeout_ms"] = 200;
  Hop hop("retry-per-try", "", {{"routes", {retried, not_retried}}});
  // Retried under `reset`: the second attempt is answered at once.
  fault_next_request(hop, "action: slow_headers, delay: 700ms");
  auto sent = Clock::now();
  EXPECT_EQ(status_of(hop.post(one_sample_body, nullptr, "/retried")), 204);
  EXPECT_GE(ms_since(sent), 190);
  EXPECT_LT(ms_since(sent), 650) << "the first attempt was not cut at its per-try timeout";
  // Not retried under connect-failure: 504 after the per-try timeout.
  fault_next_request(hop, "action: slow_headers, delay: 700ms");
  sent = Clock::now();
  const std::string timed_out = hop.post(one_sample_body, nullptr, "/kept");
  EXPECT_EQ(status_of(timed_out), 504);
  EXPECT_EQ(body_of(timed_out), preset_body("envoy-ut"));
  EXPECT_LT(ms_since(sent), 650);
  // Every attempt slow: retried once, then URX,UT.
  hop.upstream().set_plan("faults: [{action: slow_headers, delay: 700ms}]");
  EXPECT_EQ(status_of(hop.post(one_sample_body, nullptr, "/retried")), 504);
  const auto lines = hop.log_lines(3);
  EXPECT_EQ(outcome_fields(lines[0]), "204 - via_upstream - \"-\"");
  EXPECT_EQ(outcome_fields(lines[1]), "504 UT upstream_per_try_timeout - \"-\"");
  EXPECT_EQ(outcome_fields(lines[2]), "504 URX,UT upstream_per_try_timeout - \"-\"");
  EXPECT_EQ(hop.sidecar().stats()["upstream_rq_per_try_timeout"], 4);
}

TEST(SidecarRetry, SingleEndpointRetriesSameHost) {
  Hop hop("retry-same-host", "faults: [{action: close_before_headers, when: {requests: \"1\"}}]",
          {{"routes", {retry_route("api", {"reset"}, 1)}}});
  EXPECT_EQ(status_of(hop.post(one_sample_body, nullptr, "/api")), 204);
  EXPECT_EQ(hop.ledger(2).size(), 2u);
  const std::string line = hop.log_lines()[0];
  EXPECT_NE(line.find("\"" + hop.upstream_address() + "\""), std::string::npos) << line;
}

}  // namespace
}  // namespace rwchaos::harness::mesh_test
