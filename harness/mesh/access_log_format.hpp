#pragma once
// An Envoy access-log format string (envoyproxy/envoy docs/root/configuration/observability/
// access_log/usage.rst "Command Operators"), compiled once and applied to each request. Only the
// operators Envoy's and Istio's default formats use are known; any other is refused at load.
#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace rwchaos::harness::mesh {

// What one downstream request left for the log. Empty strings print as "-".
struct AccessLogEntry {
  std::chrono::system_clock::time_point start;
  std::map<std::string, std::string> request_headers;   // lower-case names; ":method", ":path", ":authority" too
  std::map<std::string, std::string> response_headers;  // lower-case names
  std::string protocol = "HTTP/1.1";
  int response_code = 0;                   // 0 prints as 0, as Envoy does when nothing was sent
  std::string response_flags;              // "URX,UC" or "-"
  std::string response_code_details;
  std::string connection_termination_details;
  std::string upstream_transport_failure_reason;
  std::uint64_t bytes_received = 0;        // request body bytes
  std::uint64_t bytes_sent = 0;            // response body bytes
  std::chrono::milliseconds duration{0};
  std::string upstream_host;
  std::string upstream_cluster;
  std::string upstream_local_address;
  std::string downstream_local_address;
  std::string downstream_remote_address;
  std::string route_name;
  unsigned attempts = 0;                   // %UPSTREAM_REQUEST_ATTEMPT_COUNT%
};

class AccessLogFormat {
 public:
  // Throws std::invalid_argument naming an unknown or unterminated operator.
  explicit AccessLogFormat(const std::string& format);
  std::string format(const AccessLogEntry& entry) const;

 private:
  enum class Op {
    literal, start_time, req, resp, protocol, response_code, response_flags, response_code_details,
    connection_termination_details, upstream_transport_failure_reason, bytes_received, bytes_sent, duration,
    upstream_host, upstream_cluster, upstream_local_address, downstream_local_address, downstream_remote_address,
    requested_server_name, route_name, attempt_count, grpc_status,
  };
  struct Piece {
    Op op = Op::literal;
    std::string text;      // literal text, or the header name of REQ/RESP (lower case)
    std::string fallback;  // REQ(A?B): header B when A is absent
  };
  std::vector<Piece> pieces_;
};

}  // namespace rwchaos::harness::mesh
