// The sidecar's router: resets before and after response headers, local replies byte for byte,
// timeouts and routes. Rows P6, P7, P9, P10, P12, L1-L3, L5, L6, L8, L9, R13, R15 of
// docs/envoy-semantics.md §7. Bodies are compared with the upstream's envoy-* presets.
#include "harness/tests/mesh_support.hpp"

namespace rwchaos::harness::mesh_test {
namespace {

TEST(SidecarRouter, ConnectTimeoutIsUfConnectionTimeout) {
  UnansweredPort unanswered;
  Hop hop("router-connect-timeout", "",
          {{"upstream", unanswered.address()}, {"clusters", {{{"name", "c"}, {"connect_timeout_ms", 250}}}}});
  const auto sent = Clock::now();
  const std::string response = hop.post(one_sample_body);
  const double waited = ms_since(sent);
  EXPECT_EQ(status_of(response), 503);
  EXPECT_EQ(body_of(response), "upstream connect error or disconnect/reset before headers. reset reason: connection timeout");
  EXPECT_GE(waited, 240);
  EXPECT_LT(waited, 2000);
  EXPECT_EQ(outcome_fields(hop.log_lines()[0]),
            "503 UF upstream_reset_before_response_started{connection_timeout} - \"-\"");
  EXPECT_EQ(hop.sidecar().stats()["upstream_cx_connect_timeout"], 1);
}

TEST(SidecarRouter, RefusedConnectIsUfWithVersionedReason) {
  RefusingPort refusing;
  Hop hop("router-refused", "", {{"upstream", refusing.address()}, {"istio", "1.24"}});
  const std::string current = hop.post(one_sample_body);
  EXPECT_EQ(status_of(current), 503);
  EXPECT_EQ(body_of(current), preset_body("envoy-uf"));  // Istio 1.23 and 1.24
  auto old = hop.start_sidecar({{"upstream", refusing.address()}, {"istio", "1.22"}}, "istio-1-22");
  RawClient client(static_cast<std::uint16_t>(old->listen_port()));
  client.send(post_request(one_sample_body));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 503);
  EXPECT_EQ(client.body(),
            "upstream connect error or disconnect/reset before headers. reset reason: remote connection failure, "
            "transport failure reason: delayed connect error: 111");
  EXPECT_EQ(outcome_fields(hop.log_lines(1, "istio-1-22")[0]),
            "503 UF upstream_reset_before_response_started{remote_connection_failure,delayed_connect_error:_111} - "
            "\"delayed connect error: 111\"");
}

TEST(SidecarRouter, PendingOverflowIsUoAndNotRetried) {
  // One connection, one pending request: A holds the connection, B waits, C overflows.
  Hop hop("router-pending-overflow", "faults: [{action: latency, delay: 400ms, when: {requests: \"1\"}}]",
          {{"clusters", {{{"name", "c"}, {"max_connections", 1}, {"max_pending_requests", 1}}}},
           {"routes", {{{"retry_policy", {{"num_retries", 3}, {"retry_on", {"reset", "5xx", "connect-failure"}}}}}}}});
  RawClient a = hop.client(), b = hop.client(), c = hop.client();
  ASSERT_TRUE(a.send(post_request(one_sample_body)));
  ASSERT_TRUE(eventually([&] { return hop.upstream().ledger().size() == 1; }));
  ASSERT_TRUE(b.send(post_request(one_sample_body)));
  ASSERT_TRUE(eventually([&] { return hop.sidecar().stats()["upstream_cx_overflow"] >= 1; }));
  const auto sent = Clock::now();
  ASSERT_TRUE(c.send(post_request(one_sample_body)));
  ASSERT_EQ(c.read_response(5s), End::open);
  EXPECT_LT(ms_since(sent), 300) << "the overflow must be answered at once, not after A";
  EXPECT_EQ(c.status(), 503);
  EXPECT_EQ(c.body(), "upstream connect error or disconnect/reset before headers. reset reason: overflow");
  EXPECT_EQ(header_names(c.received).front(), "x-envoy-overloaded");
  EXPECT_EQ(header(c.received, "x-envoy-overloaded"), "true");
  ASSERT_EQ(a.read_response(5s), End::open);
  ASSERT_EQ(b.read_response(5s), End::open);
  EXPECT_EQ(a.status(), 204);
  EXPECT_EQ(b.status(), 204);
  const auto stats = hop.sidecar().stats();
  EXPECT_EQ(stats["upstream_rq_retry"], 0);
  EXPECT_EQ(stats["upstream_rq_pending_overflow"], 1);
  // Its log line names no upstream host: none was selected.
  const auto lines = hop.log_lines(3);
  const auto overflowed = std::find_if(lines.begin(), lines.end(), [](const std::string& l) { return l.find(" 503 ") != std::string::npos; });
  ASSERT_NE(overflowed, lines.end());
  EXPECT_EQ(outcome_fields(*overflowed), "503 UO upstream_reset_before_response_started{overflow} - \"-\"");
  EXPECT_NE(overflowed->find("\"-\" c "), std::string::npos) << *overflowed;
}

TEST(SidecarRouter, MaxRequestsOverflowIsUo) {
  // max_requests 1: while A is active, B gets a connection of its own but may not use it.
  Hop hop("router-max-requests", "faults: [{action: latency, delay: 300ms, when: {requests: \"1\"}}]",
          {{"clusters", {{{"name", "c"}, {"max_requests", 1}}}}});
  RawClient a = hop.client(), b = hop.client();
  ASSERT_TRUE(a.send(post_request(one_sample_body)));
  ASSERT_TRUE(eventually([&] { return hop.upstream().ledger().size() == 1; }));
  ASSERT_TRUE(b.send(post_request(one_sample_body)));
  ASSERT_EQ(b.read_response(5s), End::open);
  EXPECT_EQ(b.status(), 503);
  EXPECT_EQ(b.body(), "upstream connect error or disconnect/reset before headers. reset reason: overflow");
  ASSERT_EQ(a.read_response(5s), End::open);
  EXPECT_EQ(a.status(), 204);
  EXPECT_EQ(hop.upstream().ledger().size(), 1u);
}

TEST(SidecarRouter, CloseOnReuseIsUcConnectionTermination) {
  Hop hop("router-close-on-reuse", "faults: [{action: close_on_reuse, how: fin}]");
  RawClient client = hop.client();
  client.send(post_request(one_sample_body));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 204);
  client.consume();
  client.send(post_request(one_sample_body));  // the sidecar reuses its pooled connection: the upstream closes it
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 503);
  EXPECT_EQ(client.body(), preset_body("envoy-uc"));
  const auto lines = hop.log_lines(2);
  EXPECT_EQ(outcome_fields(lines[1]), "503 UC upstream_reset_before_response_started{connection_termination} - \"-\"");
  const auto records = hop.ledger(2);
  EXPECT_EQ(records[1].outcome, faults::Outcome::close_fin);
  EXPECT_TRUE(records[1].reused);
}

TEST(SidecarRouter, FinAndRstBeforeHeadersAreBothConnectionTermination) {
  Hop hop("router-fin-rst",
          "faults: [{action: close_before_headers, how: fin, when: {requests: \"1\"}},"
          " {action: close_before_headers, how: rst, when: {requests: \"2\"}},"
          " {action: truncate_response, bytes: 20, when: {requests: \"3\"}}]");
  for (int i = 0; i < 2; ++i) {
    const std::string response = hop.post(one_sample_body);
    EXPECT_EQ(status_of(response), 503) << "request " << i + 1;
    EXPECT_EQ(body_of(response), preset_body("envoy-uc")) << "request " << i + 1;
  }
  // A response cut inside its head is not a termination but a protocol error.
  const std::string cut = hop.post(one_sample_body);
  EXPECT_EQ(status_of(cut), 502);
  EXPECT_EQ(body_of(cut), "upstream connect error or disconnect/reset before headers. reset reason: protocol error");
  const auto lines = hop.log_lines(3);
  EXPECT_EQ(outcome_fields(lines[0]), "503 UC upstream_reset_before_response_started{connection_termination} - \"-\"");
  EXPECT_EQ(outcome_fields(lines[1]), "503 UC upstream_reset_before_response_started{connection_termination} - \"-\"");
  EXPECT_EQ(outcome_fields(lines[2]), "502 UPE upstream_reset_before_response_started{protocol_error} - \"-\"");
  const auto records = hop.ledger(3);
  EXPECT_EQ(records[0].outcome, faults::Outcome::close_fin);
  EXPECT_EQ(records[1].outcome, faults::Outcome::close_rst);
}

TEST(SidecarRouter, ResetBeforeHeadersRepliesEnvoyBody) {
  Hop hop("router-reply-bytes", "faults: [{action: close_before_headers}]");
  const std::string response = hop.post(one_sample_body);
  const std::string uc = preset_body("envoy-uc");
  const std::regex expected("HTTP/1\\.1 503 Service Unavailable\r\ncontent-length: " + std::to_string(uc.size()) +
                            "\r\ncontent-type: text/plain\r\ndate: [A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} "
                            "\\d{2}:\\d{2}:\\d{2} GMT\r\nserver: envoy\r\n\r\n");
  EXPECT_TRUE(std::regex_search(response, expected, std::regex_constants::match_continuous)) << response;
  EXPECT_EQ(body_of(response), uc);
  EXPECT_EQ(uc.size(), 95u);
}

TEST(SidecarRouter, BodySaysRetriedAfterARetry) {
  // Attempt 1: a 503 the policy retries. Attempt 2: a close, which the policy does not retry.
  Hop hop("router-retried-wording",
          "faults: [{action: respond, status: 503, when: {requests: \"1\"}},"
          " {action: close_before_headers, when: {requests: \"2\"}}]",
          {{"routes", {{{"retry_policy", {{"num_retries", 2}, {"retry_on", {"retriable-status-codes"}},
                                          {"retriable_status_codes", {503}}}}}}}});
  const std::string response = hop.post(one_sample_body);
  EXPECT_EQ(status_of(response), 503);
  EXPECT_EQ(body_of(response), preset_body("envoy-urx-uc"));
  EXPECT_EQ(outcome_fields(hop.log_lines()[0]),
            "503 UC upstream_reset_before_response_started{connection_termination} - \"-\"")
      << "not exhausted: no URX";
  EXPECT_EQ(hop.ledger(2).size(), 2u);
}

TEST(SidecarRouter, LocalReplyHeadersAndServerNamePerDirection) {
  Hop hop("router-server-names", "faults: [{action: close_before_headers}]",
          {{"clusters", {{{"name", "c"}, {"max_pending_requests", 0}}}}});
  const std::string outbound = hop.post(one_sample_body);
  EXPECT_EQ(header(outbound, "server"), "envoy");
  EXPECT_EQ(header_names(outbound),
            (std::vector<std::string>{"x-envoy-overloaded", "content-length", "content-type", "date", "server"}));
  auto inbound = hop.start_sidecar({{"upstream", hop.upstream_address()}, {"role", "inbound"}}, "inbound");
  RawClient client(static_cast<std::uint16_t>(inbound->listen_port()));
  client.send(post_request(one_sample_body));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 503);
  EXPECT_EQ(header(client.received, "server"), "istio-envoy");
  EXPECT_EQ(header_names(client.received), (std::vector<std::string>{"content-length", "content-type", "date", "server"}));
  // Keep-alive is kept after a local reply.
  client.consume();
  client.send(post_request(one_sample_body));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 503);
}

TEST(SidecarRouter, EarlyReplyClosesDownstreamConnection) {
  // The model reads a whole request before routing it, so its only reply before the last request
  // byte is its own refusal of a body over max_request_bytes: it says `connection: close` and closes.
  Hop hop("router-early-reply", "", {{"max_request_bytes", 1000}});
  RawClient client = hop.client();
  client.send(post_request(std::string(2000, 'x')));
  EXPECT_EQ(client.read_to_end(5s), End::fin);
  EXPECT_EQ(client.status(), 413);
  EXPECT_EQ(header(client.received, "connection"), "close");
  EXPECT_TRUE(hop.upstream().ledger().empty());
}

TEST(SidecarRouter, TruncatedUpstreamResponseResetsDownstream) {
  const std::string long_body(2000, 'x');
  Hop hop("router-truncated", "faults: [{action: truncate_response, status: 200, body: " + long_body + "}]");
  RawClient client = hop.client();
  client.send(post_request(one_sample_body));
  EXPECT_EQ(client.read_to_end(5s), End::fin);
  EXPECT_EQ(client.status(), 200);
  EXPECT_EQ(header(client.received, "content-length"), "2000");
  const std::size_t got = client.body().size();
  EXPECT_GT(got, 0u);
  EXPECT_LT(got, 2000u) << "the client must see the cut, not a whole body";
  EXPECT_EQ(outcome_fields(hop.log_lines()[0]), "200 UPE upstream_reset_after_response_started{protocol_error} - \"-\"");
  EXPECT_EQ(hop.sidecar().stats()["downstream_rq_reset_after_response_started"], 1);
}

TEST(SidecarRouter, RelayedResponseGetsServerAndServiceTime) {
  Hop hop("router-relayed",
          "faults: [{action: respond, status: 200, body: fine, headers: {server: upstream-itself, connection: keep-alive, x-kept: yes}}]");
  const std::string response = hop.post(one_sample_body);
  EXPECT_EQ(status_of(response), 200);
  EXPECT_EQ(body_of(response), "fine");
  EXPECT_EQ(header(response, "server"), "envoy");
  EXPECT_EQ(header(response, "x-kept"), "yes");
  EXPECT_EQ(header(response, "connection"), "");
  EXPECT_TRUE(std::regex_match(header(response, "x-envoy-upstream-service-time"), std::regex("\\d+"))) << response;
  EXPECT_EQ(outcome_fields(hop.log_lines()[0]), "200 - via_upstream - \"-\"");
}

TEST(SidecarRouter, VsTimeoutIsUt504) {
  Hop hop("router-route-timeout", "faults: [{action: slow_headers, delay: 1500ms}]",
          {{"routes", {{{"timeout_ms", 300}, {"retry_policy", {{"num_retries", 2}, {"retry_on", {"reset", "5xx"}}}}}}}});
  const auto sent = Clock::now();
  const std::string response = hop.post(one_sample_body);
  const double waited = ms_since(sent);
  EXPECT_EQ(status_of(response), 504);
  EXPECT_EQ(body_of(response), preset_body("envoy-ut"));
  EXPECT_GE(waited, 290);
  EXPECT_LT(waited, 1200);
  EXPECT_EQ(outcome_fields(hop.log_lines()[0]), "504 UT response_timeout - \"-\"");
  EXPECT_EQ(hop.sidecar().stats()["upstream_rq_retry"], 0) << "a route timeout is never retried";
}

TEST(SidecarRouter, UnmatchedVsRouteIs404Nr) {
  Hop hop("router-no-route", "", {{"routes", {{{"name", "write"}, {"match", {{"exact", "/api/v1/write"}}}}}}});
  EXPECT_EQ(status_of(hop.post(one_sample_body)), 204);
  const std::string response = hop.post(one_sample_body, nullptr, "/api/v1/other");
  EXPECT_EQ(status_of(response), 404);
  EXPECT_EQ(body_of(response), "");
  EXPECT_EQ(header_names(response), (std::vector<std::string>{"date", "server", "content-length"}));
  EXPECT_EQ(header(response, "content-length"), "0");
  const auto lines = hop.log_lines(2);
  EXPECT_EQ(outcome_fields(lines[1]), "404 NR route_not_found - \"-\"");
  EXPECT_NE(lines[0].find(" write"), std::string::npos) << lines[0];
  EXPECT_EQ(hop.upstream().ledger().size(), 1u);
}

}  // namespace
}  // namespace rwchaos::harness::mesh_test
