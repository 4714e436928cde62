#pragma once
// One attempt of a request on one upstream connection: write the request, read the response head,
// then the body piece by piece as it arrives (so a reset after the head reaches the client as a cut).
// What ended an attempt early is named as Envoy's HTTP/1 codec client names it (envoyproxy/envoy
// source/common/http/codec_client.cc `CodecClient::onEvent`: a close of a connected connection
// before any response byte is `ConnectionTermination`, FIN and RST alike; a response cut short or
// not HTTP is `ProtocolError`, docs/envoy-semantics.md L1).
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/http.hpp>

#include "harness/mesh/reset_reason.hpp"
#include "harness/mesh/upstream_connection.hpp"

namespace rwchaos::harness::mesh {

using Clock = std::chrono::steady_clock;
using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct ResponseHead {
  int status = 0;
  HeaderList headers;           // as received, names lower-cased
  bool keep_alive = true;       // HTTP/1.1 without `connection: close`
  bool has_body = false;        // false: the message ended with its head
  bool chunked = false;
  std::optional<std::uint64_t> content_length;
  bool envoy_ratelimited = false;  // x-envoy-ratelimited present (R4)
  std::optional<int> grpc_status;  // grpc-status (R5)
};

enum class AttemptEnd { head, reset, timeout };

struct HeadOutcome {
  AttemptEnd end = AttemptEnd::reset;
  ResponseHead head;            // when end == head
  ResetReason reason = ResetReason::connection_termination;  // when end == reset
};

struct BodyPiece {
  std::string bytes;
  bool done = false;            // the body ended (bytes may hold its last piece)
  bool failed = false;          // the upstream closed or reset before the end
  bool timed_out = false;       // the deadline passed before the end
  ResetReason reason = ResetReason::protocol_error;
};

class UpstreamExchange {
 public:
  explicit UpstreamExchange(std::shared_ptr<UpstreamConnection> connection);
  ~UpstreamExchange();

  boost::asio::awaitable<HeadOutcome> send(const std::string& request, Clock::time_point deadline);
  boost::asio::awaitable<BodyPiece> read_body(Clock::time_point deadline);
  // The response ended cleanly and both sides allow another request on this connection.
  bool reusable() const;

 private:
  std::shared_ptr<UpstreamConnection> connection_;
  std::optional<boost::beast::http::response_parser<boost::beast::http::buffer_body>> parser_;
  bool complete_ = false;
  bool keep_alive_ = false;
};

}  // namespace rwchaos::harness::mesh
