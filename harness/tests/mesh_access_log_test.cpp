// The sidecar's access log: Istio's sidecar line byte for byte, its empty fields, the details
// separator per version, the order of flags. Rows A1, A2, L4, L7 of docs/envoy-semantics.md §7.
#include "harness/mesh/access_log_format.hpp"
#include "harness/mesh/sidecar_config.hpp"
#include "harness/tests/mesh_support.hpp"

namespace rwchaos::harness::mesh_test {
namespace {

const std::string body = payload(1, 1);

// istio/istio pilot/pkg/model/telemetry_logging.go `EnvoyTextLogFormat` (1.23, 1.24), as quoted in
// docs/envoy-semantics.md §6; Istio 1.22's differs only in %UPSTREAM_CLUSTER%.
const std::string istio_format =
    "[%START_TIME%] \"%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%\" %RESPONSE_CODE% %RESPONSE_FLAGS% "
    "%RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% \"%UPSTREAM_TRANSPORT_FAILURE_REASON%\" %BYTES_RECEIVED% "
    "%BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% \"%REQ(X-FORWARDED-FOR)%\" \"%REQ(USER-AGENT)%\" "
    "\"%REQ(X-REQUEST-ID)%\" \"%REQ(:AUTHORITY)%\" \"%UPSTREAM_HOST%\" %UPSTREAM_CLUSTER_RAW% %UPSTREAM_LOCAL_ADDRESS% "
    "%DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS% %REQUESTED_SERVER_NAME% %ROUTE_NAME%\n";

std::string quoted(const std::string& text) { return std::regex_replace(text, std::regex(R"([.|\[\]()?*+^$\\{}])"), R"(\$&)"); }

TEST(SidecarAccessLog, LineMatchesIstioFormat) {
  EXPECT_EQ(mesh::istio_access_log_format("%UPSTREAM_CLUSTER_RAW%"), istio_format);
  EXPECT_EQ(mesh::SidecarConfig().access_log.format, "") << "filled from `istio` when the config is read";
  for (const std::string istio : {"1.22", "1.24"}) {
    Hop hop("log-format-" + istio, "",
            {{"istio", istio}, {"clusters", {{{"name", "outbound|8480||vminsert.default.svc.cluster.local"}}}}});
    EXPECT_EQ(status_of(hop.post(body)), 204);
    const std::string line = hop.log_lines()[0];
    const std::regex expected(
        R"(\[\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\] "POST /api/v1/write HTTP/1\.1" 204 - via_upstream - "-" )" +
        std::to_string(body.size()) +
        R"( 0 \d+ \d+ "-" "rwchaos-test" "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}" "upstream" ")" +
        quoted(hop.upstream_address()) + R"(" outbound\|8480\|\|vminsert\.default\.svc\.cluster\.local 127\.0\.0\.1:\d+ )" +
        quoted(hop.sidecar().listen_address()) + R"( 127\.0\.0\.1:\d+ - default)");
    EXPECT_TRUE(std::regex_match(line, expected)) << istio << ": " << line;
  }
}

TEST(SidecarAccessLog, EmptyFieldsAreDashes) {
  RefusingPort refusing;
  Hop hop("log-dashes", "", {{"upstream", refusing.address()}});
  RawClient client = hop.client();
  client.send("POST /api/v1/write HTTP/1.1\r\nHost: upstream\r\nContent-Length: 2\r\n\r\nhi");  // no user-agent
  ASSERT_EQ(client.read_response(5s), End::open);
  const std::string line = hop.log_lines()[0];
  // service time, x-forwarded-for, user-agent, upstream local address (never connected), SNI.
  const std::regex expected(R"(\[\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\] "POST /api/v1/write HTTP/1\.1" 503 UF )"
                            R"(\S+ - "delayed connect error: Connection refused" 2 \d+ \d+ - "-" "-" "[^"]+" "upstream" ")" +
                            quoted(refusing.address()) + R"(" \S+ - 127\.0\.0\.1:\d+ 127\.0\.0\.1:\d+ - default)");
  EXPECT_TRUE(std::regex_match(line, expected)) << line;
}

TEST(SidecarAccessLog, DetailsSeparatorFollowsVersion) {
  RefusingPort refusing;
  Hop hop("log-separator", "", {{"upstream", refusing.address()}, {"istio", "1.23"}});
  EXPECT_EQ(status_of(hop.post(body)), 503);
  EXPECT_EQ(outcome_fields(hop.log_lines()[0]),
            "503 UF upstream_reset_before_response_started{remote_connection_failure|delayed_connect_error:_Connection_refused} "
            "- \"delayed connect error: Connection refused\"");
  auto old = hop.start_sidecar({{"upstream", refusing.address()}, {"istio", "1.22"}}, "old");
  RawClient client(static_cast<std::uint16_t>(old->listen_port()));
  client.send(post_request(body));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(outcome_fields(hop.log_lines(1, "old")[0]),
            "503 UF upstream_reset_before_response_started{remote_connection_failure,delayed_connect_error:_111} "
            "- \"delayed connect error: 111\"");
}

TEST(SidecarAccessLog, FlagsInOrderSet) {
  const nlohmann::json reset_route = {{"name", "reset"}, {"match", {{"prefix", "/reset"}}},
                                      {"retry_policy", {{"num_retries", 1}, {"retry_on", {"reset"}}}}};
  Hop hop("log-flag-order", "faults: [{action: close_before_headers}]", {{"routes", {reset_route}}});
  EXPECT_EQ(status_of(hop.post(body, nullptr, "/reset")), 503);
  auto guarded = hop.start_sidecar({{"upstream", hop.upstream_address()}, {"routes", {reset_route}},
                                    {"clusters", {{{"name", "c"}, {"max_retries", 0}}}}},
                                   "guarded");
  RawClient client(static_cast<std::uint16_t>(guarded->listen_port()));
  client.send(post_request(body, true, "/reset"));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(outcome_fields(hop.log_lines()[0]).substr(0, 11), "503 URX,UC ");
  EXPECT_EQ(outcome_fields(hop.log_lines(1, "guarded")[0]).substr(0, 10), "503 UO,UC ");
  // In the formatter too: the order given, not an order of its own.
  mesh::AccessLogEntry entry;
  entry.response_flags = "UO,UC";
  EXPECT_EQ(mesh::AccessLogFormat("%RESPONSE_FLAGS%").format(entry), "UO,UC");
  mesh::ResponseFlags flags;
  flags.set(mesh::ResponseFlag::upstream_retry_limit_exceeded);
  flags.set(mesh::ResponseFlag::upstream_request_timeout);
  flags.set(mesh::ResponseFlag::upstream_retry_limit_exceeded);
  EXPECT_EQ(flags.to_string(), "URX,UT");
  EXPECT_EQ(mesh::ResponseFlags().to_string(), "-");
}

}  // namespace
}  // namespace rwchaos::harness::mesh_test
