#pragma once
// Remote-write 1.0 body codec: snappy block format around the protobuf WriteRequest.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "remote.pb.h"
#include "series_identity.hpp"
#include "wire_reader.hpp"

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

// The upstream's decode: the same checks and errors as decode(), but the WriteRequest is read
// in place (wire_reader.hpp) instead of into protobuf messages.
struct DecodedPayload {
  std::optional<DecodeError> error;
  std::unique_ptr<char[]> bytes;  // decompressed protobuf bytes; heap-held so `request`'s views survive moves
  std::size_t size = 0;
  WriteRequestView request;       // views into `bytes`
  std::size_t series = 0;
  std::size_t samples = 0;
  std::uint64_t hash = 0;         // hash64(payload()), the ledger's payload hash
  std::string_view payload() const { return {bytes.get(), size}; }
  explicit operator bool() const { return !error; }
  // Frees the bytes and the views once they are used; the counts, size and hash stay.
  void release_payload() {
    bytes.reset();
    request = WriteRequestView{};
  }
};

std::string_view to_string(DecodeErrorKind kind);

// Never allocates more than limits.max_decoded_bytes for the payload, whatever the input claims.
// decode() builds protobuf messages (tests, tools); decode_payload() reads in place (the upstream).
// Both accept and reject the same bodies and count the same series and samples.
DecodeResult decode(std::string_view body, const Limits& limits = {});
DecodedPayload decode_payload(std::string_view body, const Limits& limits = {});

std::string compress(std::string_view payload);
std::string encode(const prometheus::WriteRequest& request);

// XXH3-64 (seed 0) over bytes: stable across processes and versions (xxHash's documented
// canonical output), so ledgers from different runs compare.
std::uint64_t hash64(std::string_view bytes);
std::string hex64(std::uint64_t value);

}  // namespace rwchaos::remotewrite
