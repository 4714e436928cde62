#include "series_identity.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "codec.hpp"

namespace rwchaos::remotewrite {
namespace {

bool by_name_then_value(const LabelView& a, const LabelView& b) {
  return a.name != b.name ? a.name < b.name : a.value < b.value;
}

// Calls `use` with the labels in canonical order: as given when they already are (senders sort
// by name, as the spec asks), else sorted on the stack, or the heap past 64 labels.
template <typename Use>
void with_sorted(std::span<const LabelView> labels, Use&& use) {
  if (std::is_sorted(labels.begin(), labels.end(), by_name_then_value)) return use(labels);
  std::array<LabelView, 64> small;
  std::vector<LabelView> large;
  LabelView* sorted = small.data();
  if (labels.size() > small.size()) {
    large.resize(labels.size());
    sorted = large.data();
  }
  std::copy(labels.begin(), labels.end(), sorted);
  std::sort(sorted, sorted + labels.size(), by_name_then_value);
  use(std::span<const LabelView>(sorted, labels.size()));
}

void put_varint(std::string& out, std::uint64_t value) {
  for (; value >= 0x80; value >>= 7) out += static_cast<char>(value | 0x80);
  out += static_cast<char>(value);
}

std::size_t varint_size(std::uint64_t value) {
  std::size_t size = 1;
  for (; value >= 0x80; value >>= 7) ++size;
  return size;
}

// Tags of TimeSeries.labels, Label.name and Label.value (remote.proto).
constexpr char labels_tag = 1 << 3 | 2, name_tag = 1 << 3 | 2, value_tag = 2 << 3 | 2;

}  // namespace

void series_key(std::span<const LabelView> labels, std::string& out) {
  out.clear();
  with_sorted(labels, [&](std::span<const LabelView> sorted) {
    for (std::size_t i = 0; i < sorted.size(); ++i) {
      if (i > 0) out += ',';
      out += sorted[i].name;
      out += "=\"";
      out += sorted[i].value;
      out += '"';
    }
  });
}

std::string series_key(const prometheus::TimeSeries& series) {
  std::vector<LabelView> labels;
  labels.reserve(static_cast<std::size_t>(series.labels_size()));
  for (const auto& label : series.labels()) labels.push_back({label.name(), label.value()});
  std::string key;
  series_key(labels, key);
  return key;
}

std::uint64_t series_hash(std::span<const LabelView> labels) {
  thread_local std::string encoded;
  encoded.clear();
  with_sorted(labels, [&](std::span<const LabelView> sorted) {
    for (const LabelView& label : sorted) {
      const std::size_t inner =
          2 + varint_size(label.name.size()) + label.name.size() + varint_size(label.value.size()) + label.value.size();
      encoded += labels_tag;
      put_varint(encoded, inner);
      encoded += name_tag;
      put_varint(encoded, label.name.size());
      encoded += label.name;
      encoded += value_tag;
      put_varint(encoded, label.value.size());
      encoded += label.value;
    }
  });
  return hash64(encoded);
}

std::uint64_t series_hash(const WriteRequestView& request, const SeriesView& series) {
  if (!series.canonical_labels.empty()) {
    return hash64(series.canonical_labels);
  }
  return series_hash(request.labels_of(series));
}

}  // namespace rwchaos::remotewrite
