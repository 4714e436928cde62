// Series identity: one label set is one series however the sender encoded it, and two label sets
// are two series even when their readable keys look the same. The reader hashes canonical label
// bytes in place; every other encoding goes through the sorted re-encoding, and both must agree.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "faults/ledger/sample_book.hpp"
#include "faults/remotewrite/codec.hpp"

namespace rw = rwchaos::remotewrite;
using rwchaos::faults::ledger::SampleBook;

namespace {

std::string field(char tag, const std::string& body) {
  std::string out(1, tag);
  std::size_t size = body.size();
  for (; size >= 0x80; size >>= 7) out += static_cast<char>(size | 0x80);
  out += static_cast<char>(size);
  return out + body;
}
std::string name_field(const std::string& name) { return field('\x0a', name); }
std::string value_field(const std::string& value) { return field('\x12', value); }
std::string label(const std::string& name, const std::string& value) {
  return field('\x0a', name_field(name) + value_field(value));
}
std::string sample_field() { return field('\x12', std::string("\x09\0\0\0\0\0\0\xf0\x3f\x10\x02", 11)); }
std::string request_of(const std::string& series_body) { return field('\x0a', series_body); }

struct Read {
  rw::WriteRequestView view;
  bool ok = false;
};
Read read(const std::string& payload) {
  Read out;
  out.ok = rw::read_write_request(payload, out.view);
  return out;
}

std::uint64_t hash_of(const std::string& payload, bool* fast_path = nullptr) {
  const Read r = read(payload);
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.view.series.size(), 1u);
  if (!r.ok || r.view.series.size() != 1) return 0;
  if (fast_path) *fast_path = !r.view.series[0].canonical_labels.empty();
  return rw::series_hash(r.view, r.view.series[0]);
}

}  // namespace

TEST(SeriesIdentity, CanonicalLabelsAreHashedInPlace) {
  const std::string labels = label("__name__", "up") + label("job", "node");
  const std::string payload = request_of(labels + sample_field());
  const Read r = read(payload);
  ASSERT_TRUE(r.ok);
  ASSERT_EQ(r.view.series.size(), 1u);
  EXPECT_EQ(r.view.series[0].canonical_labels, labels);  // the payload's own bytes
  EXPECT_EQ(rw::series_hash(r.view, r.view.series[0]), rw::series_hash(r.view.labels_of(r.view.series[0])));
}

TEST(SeriesIdentity, SameLabelsAreOneSeriesWhateverTheEncoding) {
  const std::string long_value(200, 'v');  // lengths of two varint bytes
  bool fast = false;
  const std::uint64_t expected = hash_of(request_of(label("__name__", "up") + label("job", "node") + sample_field()), &fast);
  EXPECT_TRUE(fast);
  const std::vector<std::pair<std::string, std::string>> variants = {
      {"labels out of order", request_of(label("job", "node") + label("__name__", "up"))},
      {"value field before name field",
       request_of(field('\x0a', value_field("up") + name_field("__name__")) + label("job", "node"))},
      {"a name given twice (the last one counts)",
       request_of(field('\x0a', name_field("x") + name_field("__name__") + value_field("up")) + label("job", "node"))},
      {"an unknown field between the labels", request_of(label("__name__", "up") + "\x28\x07" + label("job", "node"))},
      {"a sample between the labels", request_of(label("__name__", "up") + sample_field() + label("job", "node"))},
      {"an unknown field inside a label",
       request_of(field('\x0a', name_field("__name__") + value_field("up") + "\x18\x01") + label("job", "node"))},
      {"a length in two varint bytes", request_of(std::string("\x0a\x8e\x00", 3) + name_field("__name__") +
                                                  value_field("up") + label("job", "node"))},
  };
  for (const auto& [name, payload] : variants) {
    EXPECT_EQ(hash_of(payload, &fast), expected) << name;
    EXPECT_FALSE(fast) << name << ": these bytes are not canonical, so the re-encoding must have been used";
  }
  // Names and values that extend the next label's: only their own bytes are compared, not the
  // field bytes that follow them in the payload (a value tag, 0x12, sorts above 0x05).
  EXPECT_EQ(hash_of(request_of(label(std::string("a\x05"), "1") + label("a", "2") + sample_field())),
            hash_of(request_of(label("a", "2") + label(std::string("a\x05"), "1") + sample_field())));
  EXPECT_EQ(hash_of(request_of(label("a", std::string("1\x05")) + label("a", "1") + sample_field())),
            hash_of(request_of(label("a", "1") + label("a", std::string("1\x05")) + sample_field())));
  // Long lengths: out of order (re-encoded) and in order must still agree.
  EXPECT_EQ(hash_of(request_of(label("job", long_value) + label("__name__", "up"))),
            hash_of(request_of(label("__name__", "up") + label("job", long_value))));
}

TEST(SeriesIdentity, AnOmittedEmptyValueIsTheEmptyValue) {
  // proto3 encoders leave out an empty string; a hand-written sender may write it.
  bool fast = true;
  const std::uint64_t omitted = hash_of(request_of(field('\x0a', name_field("a")) + label("b", "1")), &fast);
  EXPECT_FALSE(fast);
  EXPECT_EQ(omitted, hash_of(request_of(label("a", "") + label("b", "1")), &fast));
  EXPECT_TRUE(fast);
}

TEST(SeriesIdentity, LabelSetsWithTheSameReadableKeyAreTwoSeries) {
  // {a="1",b="2"} and {a=`1",b="2`} print the same key; they are different series.
  const std::string one = request_of(label("a", "1") + label("b", "2") + sample_field());
  const std::string other = request_of(label("a", "1\",b=\"2") + sample_field());
  const Read r1 = read(one), r2 = read(other);
  ASSERT_TRUE(r1.ok && r2.ok);
  std::string key1, key2;
  rw::series_key(r1.view.labels_of(r1.view.series[0]), key1);
  rw::series_key(r2.view.labels_of(r2.view.series[0]), key2);
  ASSERT_EQ(key1, key2);
  EXPECT_NE(hash_of(one), hash_of(other));

  // Same timestamp in both: no duplicate, and the store keeps both series with their own labels.
  SampleBook book(true);
  EXPECT_EQ(book.commit(r1.view).duplicates, 0u);
  EXPECT_EQ(book.commit(r2.view).duplicates, 0u);
  EXPECT_EQ(book.unique_samples(), 2u);
  const std::string exported = book.export_jsonl();
  EXPECT_NE(exported.find(R"({"a":"1","b":"2"})"), std::string::npos) << exported;
  EXPECT_NE(exported.find(R"({"a":"1\",b=\"2"})"), std::string::npos) << exported;
}
