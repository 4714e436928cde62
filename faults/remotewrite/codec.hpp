#pragma once
// Remote-write 1.0 body codec: snappy block format around the protobuf WriteRequest.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "remote.pb.h"

namespace rwchaos::remotewrite {

struct Limits {
  std::size_t max_compressed_bytes = 32u << 20;  // the upstream's default body cap
  std::size_t max_decoded_bytes = 128u << 20;    // checked against snappy's header before allocating
};

enum class DecodeErrorKind { too_large, snappy_header, decoded_too_large, snappy, protobuf };

struct DecodeError {
  DecodeErrorKind kind;
  std::string message;
};

struct DecodeResult {
  std::optional<DecodeError> error;
  std::string payload;  // decompressed protobuf bytes
  prometheus::WriteRequest request;
  std::size_t series = 0;
  std::size_t samples = 0;
  explicit operator bool() const { return !error; }
};

std::string_view to_string(DecodeErrorKind kind);

// Never allocates more than limits.max_decoded_bytes for the payload, whatever the input claims.
DecodeResult decode(std::string_view body, const Limits& limits = {});

std::string compress(std::string_view payload);
std::string encode(const prometheus::WriteRequest& request);

// FNV-1a 64 over bytes: stable across processes, so ledgers from different runs compare.
std::uint64_t hash64(std::string_view bytes);
std::string hex64(std::uint64_t value);

// Canonical series identity: labels sorted by name, `name="value"` joined by commas.
std::string series_key(const prometheus::TimeSeries& series);

}  // namespace rwchaos::remotewrite
