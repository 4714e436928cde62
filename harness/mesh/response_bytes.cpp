#include "harness/mesh/response_bytes.hpp"

#include <boost/beast/http/status.hpp>
#include <fmt/format.h>

#include "faults/config/http_date.hpp"

namespace rwchaos::harness::mesh {
namespace {

std::string status_line(int status) {
  const auto reason = boost::beast::http::obsolete_reason(boost::beast::http::int_to_status(static_cast<unsigned>(status)));
  return fmt::format("HTTP/1.1 {} {}\r\n", status, reason.empty() ? "Unknown" : std::string(reason.data(), reason.size()));
}

bool hop_by_hop(const std::string& name) {
  return name == "connection" || name == "keep-alive" || name == "proxy-connection" || name == "transfer-encoding" ||
         name == "upgrade" || name == "te" || name == "trailer";
}

bool body_forbidden(int status) { return status == 204 || status == 304 || (status >= 100 && status < 200); }

}  // namespace

std::string local_reply_bytes(int status, std::string_view body, const ServerHeaderPolicy& server, bool close,
                              bool overloaded, std::chrono::system_clock::time_point now) {
  std::string out = status_line(status);
  if (overloaded) out += "x-envoy-overloaded: true\r\n";
  if (!body.empty()) out += fmt::format("content-length: {}\r\ncontent-type: text/plain\r\n", body.size());
  out += "date: " + faults::config::format_http_date(now) + "\r\n";
  if (server.mode != ServerHeader::pass_through) out += "server: " + server.name + "\r\n";
  if (close) out += "connection: close\r\n";
  if (body.empty() && !body_forbidden(status)) out += "content-length: 0\r\n";
  out += "\r\n";
  out += body;
  return out;
}

ForwardedHead forwarded_head(const ResponseHead& head, const ServerHeaderPolicy& server,
                             std::optional<std::int64_t> upstream_service_time_ms, bool close,
                             std::chrono::system_clock::time_point now) {
  ForwardedHead out;
  out.bytes = status_line(head.status);
  bool has_date = false, has_server = false;
  for (const auto& [name, value] : head.headers) {
    if (hop_by_hop(name)) continue;
    if (name == "date") has_date = true;
    if (name == "server") {
      has_server = true;
      if (server.mode == ServerHeader::overwrite) {
        out.bytes += "server: " + server.name + "\r\n";
        continue;
      }
    }
    out.bytes += name + ": " + value + "\r\n";
  }
  if (upstream_service_time_ms) out.bytes += fmt::format("x-envoy-upstream-service-time: {}\r\n", *upstream_service_time_ms);
  if (!has_date) out.bytes += "date: " + faults::config::format_http_date(now) + "\r\n";
  if (!has_server && server.mode != ServerHeader::pass_through) out.bytes += "server: " + server.name + "\r\n";
  if (!body_forbidden(head.status) && !head.content_length) {
    if (head.has_body) {
      out.chunked = true;
      out.bytes += "transfer-encoding: chunked\r\n";
    } else {
      out.bytes += "content-length: 0\r\n";
    }
  }
  if (close) out.bytes += "connection: close\r\n";
  out.bytes += "\r\n";
  return out;
}

std::string chunk(std::string_view piece) {
  if (piece.empty()) return {};
  return fmt::format("{:x}\r\n", piece.size()) + std::string(piece) + "\r\n";
}

std::string_view last_chunk() { return "0\r\n\r\n"; }

}  // namespace rwchaos::harness::mesh
