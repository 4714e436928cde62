#pragma once
// Zero-copy reader of a decompressed remote-write WriteRequest: walks the protobuf wire format
// (https://protobuf.dev/programming-guides/encoding/) once and keeps views into the payload instead
// of building messages, so a request of 10 000 labels costs three vector fills, not 20 000 strings.
// It accepts and rejects exactly what protobuf 3.21's WriteRequest::ParseFromString does
// (faults/tests/wire_reader_test.cpp and the decode fuzz target compare the two); the generated
// type (remote.pb.h) stays the encoder and the reference.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rwchaos::remotewrite {

struct LabelView {
  std::string_view name;
  std::string_view value;
};

struct SampleView {
  double value = 0;
  std::int64_t timestamp = 0;  // milliseconds since the Unix epoch
};

struct SeriesView {
  std::uint32_t first_label = 0, label_count = 0;
  std::uint32_t first_sample = 0, sample_count = 0;
  // When not empty: the payload bytes of this series' Label fields, which are exactly their
  // canonical encoding (series_identity.hpp), so they can be hashed as they are. Empty when the
  // sender encoded them any other way (order, field layout, long lengths, fields in between).
  std::string_view canonical_labels;
};

// Views into the payload it was read from: valid while that payload lives and is unchanged.
struct WriteRequestView {
  std::vector<SeriesView> series;
  std::vector<LabelView> labels;
  std::vector<SampleView> samples;

  std::span<const LabelView> labels_of(const SeriesView& s) const { return {labels.data() + s.first_label, s.label_count}; }
  std::span<const SampleView> samples_of(const SeriesView& s) const {
    return {samples.data() + s.first_sample, s.sample_count};
  }
  void clear() {
    series.clear();
    labels.clear();
    samples.clear();
  }
};

// Reads `payload` into `out` (cleared first). On malformed input returns false and says why and
// at which byte in `error`; `out` is then unspecified.
bool read_write_request(std::string_view payload, WriteRequestView& out, std::string* error = nullptr);

}  // namespace rwchaos::remotewrite
