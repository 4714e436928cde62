#include "wire_reader.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

namespace rwchaos::remotewrite {
namespace {

// Field tags (field number << 3 | wire type) of the remote-write 1.0 schema (remote.proto, from
// https://prometheus.io/docs/concepts/remote_write_spec/).
constexpr std::uint32_t request_timeseries = 1 << 3 | 2;
constexpr std::uint32_t request_metadata = 3 << 3 | 2;
constexpr std::uint32_t series_labels = 1 << 3 | 2;
constexpr std::uint32_t series_samples = 2 << 3 | 2;
constexpr std::uint32_t label_name = 1 << 3 | 2;
constexpr std::uint32_t label_value = 2 << 3 | 2;
constexpr std::uint32_t sample_value = 1 << 3 | 1;
constexpr std::uint32_t sample_timestamp = 2 << 3 | 0;

enum WireType : std::uint32_t { varint = 0, fixed64 = 1, length_delimited = 2, start_group = 3, end_group = 4, fixed32 = 5 };

// protobuf's default recursion limit (io::CodedInputStream::GetDefaultRecursionLimit()): entering a
// nested message or group needs depth left, and a TimeSeries already uses one level, a Label two.
constexpr int recursion_limit = 100;

// The rules below are protobuf 3.21's parser's (google/protobuf/parse_context.h, wire_format_lite):
// a varint has at most 10 bytes, a tag at most 5 (bits past 32 dropped), a length at most 5 with the
// fifth byte under 8; a field never crosses its message's end; tag 0, field number 0, wire types
// 6 and 7, and an end-group tag that closes no open group of the same number are malformed. Fields
// of unknown number, or of a known number with another wire type, are skipped as unknown fields.
class Parser {
 public:
  Parser(std::string_view payload, WriteRequestView& out) : begin_(payload.data()), end_(begin_ + payload.size()), out_(out) {}

  bool run(std::string* error) {
    out_.clear();
    const bool ok = request(begin_, end_);
    if (!ok && error) *error = fmt::format("{} at byte {}", why_, at_);
    return ok;
  }

 private:
  bool fail(const char* p, const char* why) {
    why_ = why;
    at_ = static_cast<std::size_t>(p - begin_);
    return false;
  }

  bool read_varint(const char*& p, const char* end, std::uint64_t& value, int max_bytes) {
    value = 0;
    for (int i = 0; i < max_bytes; ++i) {
      if (p == end) return fail(p, "truncated varint");
      const auto byte = static_cast<std::uint8_t>(*p++);
      if (i < 10) value |= static_cast<std::uint64_t>(byte & 0x7f) << (7 * i);
      if (byte < 0x80) return true;
    }
    return fail(p, "varint too long");
  }

  bool read_tag(const char*& p, const char* end, std::uint32_t& tag) {
    if (p != end && static_cast<std::uint8_t>(*p) < 0x80 && *p != 0) {  // the usual one-byte tag
      tag = static_cast<std::uint8_t>(*p++);
      return true;
    }
    std::uint64_t value = 0;
    if (!read_varint(p, end, value, 5)) return false;
    tag = static_cast<std::uint32_t>(value);
    if (tag == 0) return fail(p, "tag 0");
    return true;
  }

  bool read_bytes(const char*& p, const char* end, std::string_view& bytes) {
    if (p != end && static_cast<std::uint8_t>(*p) < 0x80) {  // the usual length under 128
      const auto size = static_cast<std::size_t>(*p);
      if (size > static_cast<std::size_t>(end - p - 1)) return fail(p, "length beyond the end of its message");
      bytes = std::string_view(p + 1, size);
      p += 1 + size;
      return true;
    }
    const char* start = p;
    std::uint64_t size = 0;
    if (!read_varint(p, end, size, 5)) return false;
    if (p - start == 5 && static_cast<std::uint8_t>(p[-1]) >= 8) return fail(start, "length of 2 GiB or more");
    if (size > static_cast<std::uint64_t>(end - p)) return fail(start, "length beyond the end of its message");
    bytes = std::string_view(p, static_cast<std::size_t>(size));
    p += size;
    return true;
  }

  bool fixed(const char*& p, const char* end, std::size_t size) {
    if (static_cast<std::size_t>(end - p) < size) return fail(p, "truncated fixed-width field");
    p += size;
    return true;
  }

  bool enter(const char* p) {
    if (depth_ <= 0) return fail(p, "nested deeper than the recursion limit of 100");
    --depth_;
    return true;
  }

  // A field this schema does not read (or reads with another wire type): validated and skipped.
  bool skip_field(const char*& p, const char* end, std::uint32_t tag) {
    const char* field = p;
    if ((tag >> 3) == 0) return fail(field, "field number 0");
    std::uint64_t ignored = 0;
    std::string_view bytes;
    switch (tag & 7) {
      case varint: return read_varint(p, end, ignored, 10);
      case fixed64: return fixed(p, end, 8);
      case length_delimited: return read_bytes(p, end, bytes);
      case fixed32: return fixed(p, end, 4);
      case start_group: return skip_group(p, end, tag);
      case end_group: return fail(field, "end-group tag without its start-group");
      default: return fail(field, "invalid wire type");
    }
  }

  bool skip_group(const char*& p, const char* end, std::uint32_t start_tag) {
    if (!enter(p)) return false;
    while (p != end) {
      std::uint32_t tag = 0;
      const char* at = p;
      if (!read_tag(p, end, tag)) return false;
      if ((tag & 7) == end_group) {
        if (tag != start_tag + 1) return fail(at, "end-group tag of another field");
        ++depth_;
        return true;
      }
      if (!skip_field(p, end, tag)) return false;
    }
    return fail(p, "group not closed before the end of its message");
  }

  // A message's next tag; false at a tag that ends a message, which here is always malformed.
  bool next_tag(const char*& p, const char* end, std::uint32_t& tag) {
    const char* at = p;
    if (!read_tag(p, end, tag)) return false;
    if ((tag & 7) == end_group) return fail(at, "end-group tag without its start-group");
    return true;
  }

  // A nested message's bytes, depth taken; the caller gives the depth back after reading it.
  bool nested(const char*& p, const char* end, std::string_view& bytes) {
    const char* at = p;
    return read_bytes(p, end, bytes) && enter(at);
  }

  bool request(const char* p, const char* end) {
    while (p != end) {
      std::uint32_t tag = 0;
      if (!next_tag(p, end, tag)) return false;
      std::string_view bytes;
      if (tag == request_timeseries) {
        if (!nested(p, end, bytes) || !series(bytes)) return false;
        ++depth_;
      } else if (tag == request_metadata) {
        // MetricMetadata holds only scalars and bytes, so validating it is skipping its fields.
        if (!nested(p, end, bytes) || !skip_all(bytes)) return false;
        ++depth_;
      } else if (!skip_field(p, end, tag)) {
        return false;
      }
    }
    return true;
  }

  bool skip_all(std::string_view message) {
    const char* p = message.data();
    const char* end = p + message.size();
    while (p != end) {
      std::uint32_t tag = 0;
      if (!next_tag(p, end, tag) || !skip_field(p, end, tag)) return false;
    }
    return true;
  }

  bool series(std::string_view message) {
    SeriesView view;
    view.first_label = static_cast<std::uint32_t>(out_.labels.size());
    view.first_sample = static_cast<std::uint32_t>(out_.samples.size());
    const char* p = message.data();
    const char* end = p + message.size();
    // The Label fields' bytes stay canonical while each is canonical, in order, and follows the
    // previous one directly.
    const char* labels_begin = nullptr;
    const char* labels_end = nullptr;
    bool canonical = true;
    while (p != end) {
      const char* field = p;
      std::uint32_t tag = 0;
      if (!next_tag(p, end, tag)) return false;
      std::string_view bytes;
      if (tag == series_labels) {
        const bool short_field = field + 1 == p && p != end && static_cast<std::uint8_t>(*p) < 0x80;
        if (!nested(p, end, bytes)) return false;
        bool canonical_label = false;
        if (!label(bytes, canonical_label)) return false;
        ++depth_;
        if (labels_begin == nullptr) labels_begin = field;
        canonical = canonical && short_field && canonical_label && field == (labels_end ? labels_end : field) &&
                    in_order(view.first_label);
        labels_end = p;
      } else if (tag == series_samples) {
        if (!nested(p, end, bytes) || !sample(bytes)) return false;
        ++depth_;
      } else if (!skip_field(p, end, tag)) {
        return false;
      }
    }
    view.label_count = static_cast<std::uint32_t>(out_.labels.size()) - view.first_label;
    view.sample_count = static_cast<std::uint32_t>(out_.samples.size()) - view.first_sample;
    if (canonical && labels_begin) view.canonical_labels = std::string_view(labels_begin, labels_end - labels_begin);
    out_.series.push_back(view);
    return true;
  }

  // Whether the label just read sorts after the one before it in its series (by name, then value).
  bool in_order(std::uint32_t first_label) const {
    const std::size_t n = out_.labels.size();
    if (n - first_label < 2) return true;
    const LabelView& a = out_.labels[n - 2];
    const LabelView& b = out_.labels[n - 1];
    const int by_name = compare(a.name, b.name);
    return by_name < 0 || (by_name == 0 && compare(a.value, b.value) <= 0);
  }

  // string_view::compare's order. Label names mostly differ within their first 8 bytes, which are
  // compared as one big-endian word when both can be loaded inside the payload.
  int compare(std::string_view a, std::string_view b) const {
    const std::size_t n = std::min(a.size(), b.size());
    if (n > 0 && a.data() + 8 <= end_ && b.data() + 8 <= end_) {
      std::uint64_t x = 0, y = 0;
      std::memcpy(&x, a.data(), 8);
      std::memcpy(&y, b.data(), 8);
      const std::uint64_t mask = n >= 8 ? ~std::uint64_t{0} : ~(~std::uint64_t{0} >> (8 * n));
      x = __builtin_bswap64(x) & mask;
      y = __builtin_bswap64(y) & mask;
      if (x != y) return x < y ? -1 : 1;
      if (n > 8) {
        if (const int rest = std::memcmp(a.data() + 8, b.data() + 8, n - 8)) return rest;
      }
      return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
    }
    return a.compare(b);
  }

  // `canonical`: the message is exactly name field, value field, both lengths under 128. Those
  // bytes read the same through the general loop below, which handles every other layout.
  bool label(std::string_view message, bool& canonical) {
    const auto* m = reinterpret_cast<const std::uint8_t*>(message.data());
    const std::size_t n = message.size();
    if (n >= 4 && m[0] == label_name && m[1] < 0x80 && std::size_t{m[1]} + 4 <= n && m[2 + m[1]] == label_value &&
        m[3 + m[1]] < 0x80 && std::size_t{m[1]} + m[3 + m[1]] + 4 == n) {
      out_.labels.push_back({message.substr(2, m[1]), message.substr(4 + std::size_t{m[1]})});
      canonical = true;
      return true;
    }
    canonical = false;
    LabelView view;
    const char* p = message.data();
    const char* end = p + message.size();
    while (p != end) {
      std::uint32_t tag = 0;
      if (!next_tag(p, end, tag)) return false;
      // proto3: a field given twice keeps its last value.
      if (tag == label_name) {
        if (!read_bytes(p, end, view.name)) return false;
      } else if (tag == label_value) {
        if (!read_bytes(p, end, view.value)) return false;
      } else if (!skip_field(p, end, tag)) {
        return false;
      }
    }
    out_.labels.push_back(view);
    return true;
  }

  // A varint of `size` bytes (1 to 8) that must end exactly there, read as one word, as an
  // int64. False if it ends elsewhere or the word would reach past the payload; the caller's
  // general loop then reads it.
  bool read_last_varint(const std::uint8_t* p, std::size_t size, std::int64_t& out) const {
    if (reinterpret_cast<const char*>(p) + 8 > end_) return false;
    std::uint64_t x = 0;
    std::memcpy(&x, p, 8);
    const std::uint64_t bytes = size == 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * size)) - 1;
    const std::uint64_t continued = (bytes >> 8) & 0x8080808080808080ull;  // all but the last byte
    if ((x & bytes & 0x8080808080808080ull) != continued) return false;
    x &= bytes;
    std::uint64_t value = 0;
    for (int k = 0; k < 8; ++k) value |= (x >> k) & (std::uint64_t{0x7f} << (7 * k));  // unrolled: no branches
    out = static_cast<std::int64_t>(value);
    return true;
  }

  bool sample(std::string_view message) {
    // The layout every sender writes: value (fixed64), then timestamp (varint) ending the message.
    // Read directly; anything else goes through the general loop, which reads these bytes the same.
    const auto* m = reinterpret_cast<const std::uint8_t*>(message.data());
    const std::size_t n = message.size();
    if (n >= 11 && n <= 18 && m[0] == sample_value && m[9] == sample_timestamp) {
      SampleView view;
      std::memcpy(&view.value, m + 1, 8);
      if (read_last_varint(m + 10, n - 10, view.timestamp)) {
        out_.samples.push_back(view);
        return true;
      }
    }
    SampleView view;
    const char* p = message.data();
    const char* end = p + message.size();
    while (p != end) {
      std::uint32_t tag = 0;
      if (!next_tag(p, end, tag)) return false;
      if (tag == sample_value) {
        const char* at = p;
        if (!fixed(p, end, 8)) return false;
        std::memcpy(&view.value, at, 8);  // little-endian IEEE 754, like the hosts this runs on
      } else if (tag == sample_timestamp) {
        std::uint64_t value = 0;
        if (!read_varint(p, end, value, 10)) return false;
        view.timestamp = static_cast<std::int64_t>(value);
      } else if (!skip_field(p, end, tag)) {
        return false;
      }
    }
    out_.samples.push_back(view);
    return true;
  }

  const char* begin_;
  const char* end_;
  WriteRequestView& out_;
  int depth_ = recursion_limit;
  const char* why_ = "";
  std::size_t at_ = 0;
};

}  // namespace

bool read_write_request(std::string_view payload, WriteRequestView& out, std::string* error) {
  return Parser(payload, out).run(error);
}

}  // namespace rwchaos::remotewrite
