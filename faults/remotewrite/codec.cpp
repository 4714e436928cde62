#include "codec.hpp"

#include <snappy.h>

#include <algorithm>
#include <array>
#include <vector>

// Header-only use of libxxhash (Debian libxxhash-dev): nothing to link.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <fmt/format.h>

namespace rwchaos::remotewrite {

std::string_view to_string(DecodeErrorKind kind) {
  switch (kind) {
    case DecodeErrorKind::too_large: return "too_large";
    case DecodeErrorKind::snappy_header: return "snappy_header";
    case DecodeErrorKind::decoded_too_large: return "decoded_too_large";
    case DecodeErrorKind::snappy: return "snappy";
    case DecodeErrorKind::protobuf: return "protobuf";
  }
  return "unknown";
}

namespace {
DecodeError error(DecodeErrorKind kind, std::string message) { return DecodeError{kind, std::move(message)}; }

// The body's limits and snappy header, checked before anything is allocated for the payload.
std::optional<DecodeError> check_body(std::string_view body, const Limits& limits, std::size_t& decoded_size) {
  if (body.size() > limits.max_compressed_bytes) {
    return error(DecodeErrorKind::too_large, fmt::format("compressed body of {} bytes exceeds the limit of {} bytes",
                                                         body.size(), limits.max_compressed_bytes));
  }
  if (!snappy::GetUncompressedLength(body.data(), body.size(), &decoded_size)) {
    return error(DecodeErrorKind::snappy_header, "cannot decompress snappy block: invalid length header");
  }
  if (decoded_size > limits.max_decoded_bytes) {
    return error(DecodeErrorKind::decoded_too_large,
                 fmt::format("snappy header announces {} decoded bytes, over the limit of {} bytes", decoded_size,
                             limits.max_decoded_bytes));
  }
  return std::nullopt;
}

DecodeError corrupt_snappy() { return error(DecodeErrorKind::snappy, "cannot decompress snappy block: corrupt data"); }
constexpr const char* bad_protobuf = "cannot unmarshal WriteRequest protobuf";
}  // namespace

DecodeResult decode(std::string_view body, const Limits& limits) {
  DecodeResult result;
  std::size_t decoded_size = 0;
  if ((result.error = check_body(body, limits, decoded_size))) return result;
  if (!snappy::Uncompress(body.data(), body.size(), &result.payload)) {
    result.error = corrupt_snappy();
    return result;
  }
  if (!result.request.ParseFromString(result.payload)) {
    result.error = error(DecodeErrorKind::protobuf, bad_protobuf);
    return result;
  }
  result.series = static_cast<std::size_t>(result.request.timeseries_size());
  for (const auto& series : result.request.timeseries()) {
    result.samples += static_cast<std::size_t>(series.samples_size());
  }
  return result;
}

DecodedPayload decode_payload(std::string_view body, const Limits& limits) {
  DecodedPayload result;
  if ((result.error = check_body(body, limits, result.size))) return result;
  // Uninitialised on purpose: snappy writes every byte or fails.
  result.bytes.reset(new char[std::max<std::size_t>(result.size, 1)]);
  if (!snappy::RawUncompress(body.data(), body.size(), result.bytes.get())) {
    result.error = corrupt_snappy();
    return result;
  }
  // A typical series (10 labels, 10 samples) takes ~400 bytes: reserve for that, so the views are
  // not regrown a dozen times; unusual shapes still grow as needed.
  result.request.series.reserve(result.size / 256);
  result.request.labels.reserve(result.size / 32);
  result.request.samples.reserve(result.size / 32);
  std::string why;
  if (!read_write_request(result.payload(), result.request, &why)) {
    result.error = error(DecodeErrorKind::protobuf, fmt::format("{}: {}", bad_protobuf, why));
    return result;
  }
  result.series = result.request.series.size();
  result.samples = result.request.samples.size();
  result.hash = hash64(result.payload());  // here, on the caller's worker thread, not an io thread
  return result;
}

std::string compress(std::string_view payload) {
  std::string out;
  snappy::Compress(payload.data(), payload.size(), &out);
  return out;
}

std::string encode(const prometheus::WriteRequest& request) {
  return compress(request.SerializeAsString());
}

std::uint64_t hash64(std::string_view bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

std::string hex64(std::uint64_t value) { return fmt::format("{:016x}", value); }

}  // namespace rwchaos::remotewrite
