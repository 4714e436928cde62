#include "harness/mesh/access_log_format.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <stdexcept>

#include <fmt/format.h>

namespace rwchaos::harness::mesh {
namespace {

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string or_dash(const std::string& text) { return text.empty() ? "-" : text; }

// %START_TIME% default: "%Y-%m-%dT%H:%M:%E3SZ" (UTC, milliseconds).
std::string start_time(std::chrono::system_clock::time_point at) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  ::gmtime_r(&seconds, &tm);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%S", &tm);
  return fmt::format("{}.{:03}Z", out, ms % 1000);
}

std::string header(const std::map<std::string, std::string>& headers, const std::string& name,
                   const std::string& fallback) {
  auto found = headers.find(name);
  if (found == headers.end() && !fallback.empty()) found = headers.find(fallback);
  return found == headers.end() ? "-" : or_dash(found->second);
}

}  // namespace

AccessLogFormat::AccessLogFormat(const std::string& format) {
  static const std::map<std::string, Op> plain = {
      {"START_TIME", Op::start_time},
      {"PROTOCOL", Op::protocol},
      {"RESPONSE_CODE", Op::response_code},
      {"RESPONSE_FLAGS", Op::response_flags},
      {"RESPONSE_CODE_DETAILS", Op::response_code_details},
      {"CONNECTION_TERMINATION_DETAILS", Op::connection_termination_details},
      {"UPSTREAM_TRANSPORT_FAILURE_REASON", Op::upstream_transport_failure_reason},
      {"BYTES_RECEIVED", Op::bytes_received},
      {"BYTES_SENT", Op::bytes_sent},
      {"DURATION", Op::duration},
      {"UPSTREAM_HOST", Op::upstream_host},
      {"UPSTREAM_CLUSTER", Op::upstream_cluster},
      {"UPSTREAM_CLUSTER_RAW", Op::upstream_cluster},
      {"UPSTREAM_LOCAL_ADDRESS", Op::upstream_local_address},
      {"DOWNSTREAM_LOCAL_ADDRESS", Op::downstream_local_address},
      {"DOWNSTREAM_REMOTE_ADDRESS", Op::downstream_remote_address},
      {"REQUESTED_SERVER_NAME", Op::requested_server_name},
      {"ROUTE_NAME", Op::route_name},
      {"UPSTREAM_REQUEST_ATTEMPT_COUNT", Op::attempt_count},
      {"GRPC_STATUS", Op::grpc_status},
  };
  std::size_t at = 0;
  while (at < format.size()) {
    const auto open = format.find('%', at);
    if (open == std::string::npos) {
      pieces_.push_back({Op::literal, format.substr(at), {}});
      break;
    }
    if (open > at) pieces_.push_back({Op::literal, format.substr(at, open - at), {}});
    const auto close = format.find('%', open + 1);
    if (close == std::string::npos) throw std::invalid_argument(fmt::format("unterminated operator at byte {}", open));
    const std::string op = format.substr(open + 1, close - open - 1);
    at = close + 1;
    if (op.empty()) {  // "%%" is a literal percent sign
      pieces_.push_back({Op::literal, "%", {}});
      continue;
    }
    if (const auto found = plain.find(op); found != plain.end()) {
      pieces_.push_back({found->second, {}, {}});
      continue;
    }
    const bool req = op.rfind("REQ(", 0) == 0, resp = op.rfind("RESP(", 0) == 0;
    if ((req || resp) && op.back() == ')') {
      const std::string inner = op.substr(req ? 4 : 5, op.size() - (req ? 5 : 6));
      const auto question = inner.find('?');
      pieces_.push_back({req ? Op::req : Op::resp, lower(inner.substr(0, question)),
                         question == std::string::npos ? "" : lower(inner.substr(question + 1))});
      continue;
    }
    throw std::invalid_argument(fmt::format("unknown access log operator %{}%", op));
  }
}

std::string AccessLogFormat::format(const AccessLogEntry& e) const {
  std::string out;
  for (const auto& piece : pieces_) {
    switch (piece.op) {
      case Op::literal: out += piece.text; break;
      case Op::start_time: out += start_time(e.start); break;
      case Op::req: out += header(e.request_headers, piece.text, piece.fallback); break;
      case Op::resp: out += header(e.response_headers, piece.text, piece.fallback); break;
      case Op::protocol: out += or_dash(e.protocol); break;
      case Op::response_code: out += std::to_string(e.response_code); break;
      case Op::response_flags: out += or_dash(e.response_flags); break;
      case Op::response_code_details: out += or_dash(e.response_code_details); break;
      case Op::connection_termination_details: out += or_dash(e.connection_termination_details); break;
      case Op::upstream_transport_failure_reason: out += or_dash(e.upstream_transport_failure_reason); break;
      case Op::bytes_received: out += std::to_string(e.bytes_received); break;
      case Op::bytes_sent: out += std::to_string(e.bytes_sent); break;
      case Op::duration: out += std::to_string(e.duration.count()); break;
      case Op::upstream_host: out += or_dash(e.upstream_host); break;
      case Op::upstream_cluster: out += or_dash(e.upstream_cluster); break;
      case Op::upstream_local_address: out += or_dash(e.upstream_local_address); break;
      case Op::downstream_local_address: out += or_dash(e.downstream_local_address); break;
      case Op::downstream_remote_address: out += or_dash(e.downstream_remote_address); break;
      case Op::requested_server_name: out += "-"; break;  // no TLS, so no SNI
      case Op::route_name: out += or_dash(e.route_name); break;
      case Op::attempt_count: out += e.attempts ? std::to_string(e.attempts) : "-"; break;
      case Op::grpc_status: out += "-"; break;
    }
  }
  return out;
}

}  // namespace rwchaos::harness::mesh
