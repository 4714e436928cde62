#pragma once
// Remote-write body codec: snappy block format (or zstd, VictoriaMetrics' protocol) around the
// protobuf WriteRequest.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "decompress.hpp"
#include "remote.pb.h"
#include "series_identity.hpp"
#include "wire_reader.hpp"

namespace rwchaos::remotewrite {

struct DecodeResult {
  std::optional<DecodeError> error;
  std::string payload;  // decompressed protobuf bytes
  prometheus::WriteRequest request;
  std::size_t series = 0;
  std::size_t samples = 0;
  Compression compression = Compression::snappy;  // the codec that undid the body
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
  Compression compression = Compression::snappy;  // the codec that undid the body
  std::string_view payload() const { return {bytes.get(), size}; }
  explicit operator bool() const { return !error; }
  // Frees the bytes and the views once they are used; the counts, size and hash stay.
  void release_payload() {
    bytes.reset();
    request = WriteRequestView{};
  }
};

// Never allocates more than limits.max_decoded_bytes for the payload, whatever the input claims.
// decode() builds protobuf messages (tests, tools); decode_payload() reads in place (the upstream).
// Both accept and reject the same bodies and count the same series and samples. `first` is the
// codec the request's Content-Encoding names (compression_for); the other is tried when it fails.
DecodeResult decode(std::string_view body, const Limits& limits = {}, Compression first = Compression::snappy);
DecodedPayload decode_payload(std::string_view body, const Limits& limits = {},
                              Compression first = Compression::snappy);

std::string encode(const prometheus::WriteRequest& request, Compression compression = Compression::snappy);

// XXH3-64 (seed 0) over bytes: stable across processes and versions (xxHash's documented
// canonical output), so ledgers from different runs compare.
std::uint64_t hash64(std::string_view bytes);
std::string hex64(std::uint64_t value);

}  // namespace rwchaos::remotewrite
