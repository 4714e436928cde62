// Fuzz target: the remote-write body decoders (snappy + protobuf) under their default limits. The
// upstream's zero-copy reader (decode_payload) must accept and reject what protobuf's parse
// (decode) does, with the same series, labels and samples; the input is tried as a snappy body, as
// a zstd body (VictoriaMetrics' protocol) and as an already decompressed WriteRequest, so the wire
// reader sees arbitrary bytes too.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "faults/remotewrite/codec.hpp"

namespace rw = rwchaos::remotewrite;

namespace {

void same_content(const prometheus::WriteRequest& reference, const rw::WriteRequestView& view) {
  if (view.series.size() != static_cast<std::size_t>(reference.timeseries_size())) __builtin_trap();
  std::string key;
  for (int s = 0; s < reference.timeseries_size(); ++s) {
    const auto& expected = reference.timeseries(s);
    const auto& got = view.series[static_cast<std::size_t>(s)];
    const auto labels = view.labels_of(got);
    const auto samples = view.samples_of(got);
    if (labels.size() != static_cast<std::size_t>(expected.labels_size())) __builtin_trap();
    if (samples.size() != static_cast<std::size_t>(expected.samples_size())) __builtin_trap();
    for (int l = 0; l < expected.labels_size(); ++l) {
      const auto& label = labels[static_cast<std::size_t>(l)];
      if (label.name != expected.labels(l).name() || label.value != expected.labels(l).value()) __builtin_trap();
    }
    for (int i = 0; i < expected.samples_size(); ++i) {
      const auto& sample = samples[static_cast<std::size_t>(i)];
      const double value = expected.samples(i).value();
      if (sample.timestamp != expected.samples(i).timestamp()) __builtin_trap();
      if (std::memcmp(&sample.value, &value, sizeof value) != 0) __builtin_trap();
    }
    rw::series_key(labels, key);
    if (key != rw::series_key(expected)) __builtin_trap();
    std::vector<rw::LabelView> expected_labels;
    for (const auto& label : expected.labels()) expected_labels.push_back({label.name(), label.value()});
    if (rw::series_hash(view, got) != rw::series_hash(expected_labels)) __builtin_trap();
  }
}

void both_decoders_agree(std::string_view body, rw::Compression first) {
  const auto decoded = rw::decode(body, {}, first);
  const auto payload = rw::decode_payload(body, {}, first);
  if (static_cast<bool>(decoded) != static_cast<bool>(payload)) __builtin_trap();
  if (decoded) {
    if (payload.series != decoded.series || payload.samples != decoded.samples) __builtin_trap();
    if (payload.compression != decoded.compression) __builtin_trap();
    same_content(decoded.request, payload.request);
    // Decoded requests must re-encode and decode to the same sample count, in either codec.
    const auto again = rw::decode(rw::encode(decoded.request, decoded.compression), {}, decoded.compression);
    if (!again || again.samples != decoded.samples) __builtin_trap();
  } else if (decoded.error->kind != payload.error->kind) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  both_decoders_agree(body, rw::Compression::snappy);
  both_decoders_agree(body, rw::Compression::zstd);
  // The same bytes as a decompressed payload: the wire reader against protobuf directly.
  prometheus::WriteRequest reference;
  rw::WriteRequestView view;
  const bool protobuf_ok = reference.ParseFromArray(data, static_cast<int>(size));
  if (protobuf_ok != rw::read_write_request(body, view)) __builtin_trap();
  if (protobuf_ok) same_content(reference, view);
  return 0;
}
