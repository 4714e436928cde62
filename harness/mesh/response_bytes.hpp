#pragma once
// The bytes the sidecar writes to its client: its own local replies and the upstream's response
// re-framed, with the headers Envoy's connection manager adds (envoyproxy/envoy
// source/common/http/conn_manager_impl.cc `ActiveStream::encodeHeaders`: `date` when absent, `server`
// per server_header_transformation; source/common/http/utility.cc `sendLocalReply`: content-length
// and content-type text/plain for a non-empty body; the router's x-envoy-upstream-service-time).
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "harness/mesh/sidecar_config.hpp"
#include "harness/mesh/upstream_exchange.hpp"

namespace rwchaos::harness::mesh {

struct ServerHeaderPolicy {
  std::string name;  // HttpConnectionManager.server_name
  ServerHeader mode = ServerHeader::overwrite;
};

// L5: `x-envoy-overloaded: true` first when `overloaded` (a circuit breaker refused the request),
// content-length and content-type for a body, date, server, `connection: close` when `close`, and
// for an empty body `content-length: 0` last (the HTTP/1 encoder adds it, R15).
std::string local_reply_bytes(int status, std::string_view body, const ServerHeaderPolicy& server, bool close,
                              bool overloaded, std::chrono::system_clock::time_point now);

struct ForwardedHead {
  std::string bytes;
  bool chunked = false;  // the body must be written with chunk() and end with last_chunk()
};

// The upstream head re-framed for the client: hop-by-hop headers dropped, a body of unknown length
// chunked, `server`/`date` as the connection manager sets them.
ForwardedHead forwarded_head(const ResponseHead& head, const ServerHeaderPolicy& server,
                             std::optional<std::int64_t> upstream_service_time_ms, bool close,
                             std::chrono::system_clock::time_point now);

std::string chunk(std::string_view piece);
std::string_view last_chunk();

}  // namespace rwchaos::harness::mesh
