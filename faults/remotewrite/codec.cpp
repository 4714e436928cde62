#include "codec.hpp"

#include <algorithm>
#include <array>
#include <vector>

// Header-only use of libxxhash (Debian libxxhash-dev): nothing to link.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <fmt/format.h>

namespace rwchaos::remotewrite {

namespace {
DecodeError error(DecodeErrorKind kind, std::string message) { return DecodeError{kind, std::move(message)}; }
constexpr const char* bad_protobuf = "cannot unmarshal WriteRequest protobuf";
}  // namespace

DecodeResult decode(std::string_view body, const Limits& limits, Compression first) {
  DecodeResult result;
  Decompressed raw = decompress(body, limits, first);
  if ((result.error = raw.error)) return result;
  result.compression = raw.compression;
  result.payload.assign(raw.bytes.get(), raw.size);
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

DecodedPayload decode_payload(std::string_view body, const Limits& limits, Compression first) {
  DecodedPayload result;
  Decompressed raw = decompress(body, limits, first);
  if ((result.error = raw.error)) return result;
  result.bytes = std::move(raw.bytes);
  result.size = raw.size;
  result.compression = raw.compression;
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

std::string encode(const prometheus::WriteRequest& request, Compression compression) {
  return compress(request.SerializeAsString(), compression);
}

std::uint64_t hash64(std::string_view bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

std::string hex64(std::uint64_t value) { return fmt::format("{:016x}", value); }

}  // namespace rwchaos::remotewrite
