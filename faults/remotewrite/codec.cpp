#include "codec.hpp"

#include <snappy.h>

#include <algorithm>
#include <vector>

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
DecodeResult failed(DecodeErrorKind kind, std::string message) {
  DecodeResult result;
  result.error = DecodeError{kind, std::move(message)};
  return result;
}
}  // namespace

DecodeResult decode(std::string_view body, const Limits& limits) {
  if (body.size() > limits.max_compressed_bytes) {
    return failed(DecodeErrorKind::too_large,
                  fmt::format("compressed body of {} bytes exceeds the limit of {} bytes", body.size(),
                              limits.max_compressed_bytes));
  }
  std::size_t decoded_size = 0;
  if (!snappy::GetUncompressedLength(body.data(), body.size(), &decoded_size)) {
    return failed(DecodeErrorKind::snappy_header, "cannot decompress snappy block: invalid length header");
  }
  if (decoded_size > limits.max_decoded_bytes) {
    return failed(DecodeErrorKind::decoded_too_large,
                  fmt::format("snappy header announces {} decoded bytes, over the limit of {} bytes",
                              decoded_size, limits.max_decoded_bytes));
  }
  DecodeResult result;
  if (!snappy::Uncompress(body.data(), body.size(), &result.payload)) {
    return failed(DecodeErrorKind::snappy, "cannot decompress snappy block: corrupt data");
  }
  if (!result.request.ParseFromString(result.payload)) {
    return failed(DecodeErrorKind::protobuf, "cannot unmarshal WriteRequest protobuf");
  }
  result.series = static_cast<std::size_t>(result.request.timeseries_size());
  for (const auto& series : result.request.timeseries()) {
    result.samples += static_cast<std::size_t>(series.samples_size());
  }
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

std::uint64_t hash64(std::string_view bytes) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char byte : bytes) {
    hash ^= byte;
    hash *= 1099511628211ull;
  }
  return hash;
}

std::string hex64(std::uint64_t value) { return fmt::format("{:016x}", value); }

std::string series_key(const prometheus::TimeSeries& series) {
  std::vector<const prometheus::Label*> labels;
  labels.reserve(static_cast<std::size_t>(series.labels_size()));
  for (const auto& label : series.labels()) labels.push_back(&label);
  std::sort(labels.begin(), labels.end(), [](auto* a, auto* b) { return a->name() < b->name(); });
  std::string key;
  for (const auto* label : labels) {
    if (!key.empty()) key += ',';
    key += label->name();
    key += "=\"";
    key += label->value();
    key += '"';
  }
  return key;
}

}  // namespace rwchaos::remotewrite
