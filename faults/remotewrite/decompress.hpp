#pragma once
// A remote-write body's compression undone within limits, before anything is parsed: snappy block
// format (remote-write 1.0) or zstd (VictoriaMetrics' own remote-write protocol, docs/clients.md).
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace rwchaos::remotewrite {

struct Limits {
  std::size_t max_compressed_bytes = 32u << 20;  // the upstream's default body cap
  std::size_t max_decoded_bytes = 128u << 20;    // checked against the frame header before allocating
};

enum class DecodeErrorKind { too_large, snappy_header, decoded_too_large, snappy, zstd_header, zstd, protobuf };

struct DecodeError {
  DecodeErrorKind kind;
  std::string message;
};

std::string_view to_string(DecodeErrorKind kind);

enum class Compression { snappy, zstd };

std::string_view to_string(Compression compression);

// The codec a request's Content-Encoding asks for: exactly "zstd" is zstd, anything else snappy, as
// VictoriaMetrics decides (app/vminsert/promremotewrite/request_handler.go, InsertHandler:
// `isVMRemoteWrite := req.Header.Get("Content-Encoding") == "zstd"`).
Compression compression_for(std::string_view content_encoding);

struct Decompressed {
  std::optional<DecodeError> error;
  std::unique_ptr<char[]> bytes;  // the payload; heap-held so views into it survive moves
  std::size_t size = 0;
  Compression compression = Compression::snappy;  // the codec that undid the body
};

// Tries `first`, then the other codec, as VictoriaMetrics' receiver does
// (lib/protoparser/promremotewrite/stream/streamparser.go, Parse): vmagent keeps blocks in its
// persistent queue in the protocol it negotiated when it queued them, so after a restart that
// negotiated the other one it sends them under the wrong Content-Encoding. When both fail the
// error is `first`'s. Never allocates more than limits.max_decoded_bytes, whatever the body claims.
Decompressed decompress(std::string_view body, const Limits& limits, Compression first);

std::string compress(std::string_view payload, Compression compression = Compression::snappy);

}  // namespace rwchaos::remotewrite
