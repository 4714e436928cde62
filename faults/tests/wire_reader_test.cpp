// The zero-copy WriteRequest reader against protobuf's own parse (the reference): on the golden
// captures of real clients, on random requests with unknown fields, on seeded random mutations of
// them, and on hand-made edge cases of the wire format. Same accept/reject, same content.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>

#include "faults/remotewrite/codec.hpp"

namespace rw = rwchaos::remotewrite;
namespace fs = std::filesystem;

namespace {

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::uint64_t bits(double value) {
  std::uint64_t out = 0;
  std::memcpy(&out, &value, sizeof out);
  return out;
}

// Empty when both agree; else what differs.
std::string disagreement(const std::string& payload) {
  prometheus::WriteRequest reference;
  const bool protobuf_ok = reference.ParseFromString(payload);
  rw::WriteRequestView view;
  std::string why;
  const bool reader_ok = rw::read_write_request(payload, view, &why);
  if (protobuf_ok != reader_ok) {
    return std::string("protobuf ") + (protobuf_ok ? "accepts" : "rejects") + ", reader " +
           (reader_ok ? "accepts" : "rejects (" + why + ")");
  }
  if (!protobuf_ok) return {};
  if (view.series.size() != static_cast<std::size_t>(reference.timeseries_size())) return "series count";
  for (int s = 0; s < reference.timeseries_size(); ++s) {
    const auto& expected = reference.timeseries(s);
    const auto& got = view.series[static_cast<std::size_t>(s)];
    const auto labels = view.labels_of(got);
    const auto samples = view.samples_of(got);
    if (labels.size() != static_cast<std::size_t>(expected.labels_size())) return "label count of series " + std::to_string(s);
    if (samples.size() != static_cast<std::size_t>(expected.samples_size())) return "sample count of series " + std::to_string(s);
    for (int l = 0; l < expected.labels_size(); ++l) {
      const auto& label = labels[static_cast<std::size_t>(l)];
      if (label.name != expected.labels(l).name() || label.value != expected.labels(l).value()) return "label";
    }
    for (int i = 0; i < expected.samples_size(); ++i) {
      const auto& sample = samples[static_cast<std::size_t>(i)];
      if (sample.timestamp != expected.samples(i).timestamp()) return "timestamp";
      if (bits(sample.value) != bits(expected.samples(i).value())) return "value";
    }
    std::vector<rw::LabelView> expected_labels;
    for (const auto& label : expected.labels()) expected_labels.push_back({label.name(), label.value()});
    if (rw::series_hash(view, got) != rw::series_hash(expected_labels)) return "series hash";
    if (rw::series_key(expected) != [&] {
          std::string key;
          rw::series_key(labels, key);
          return key;
        }()) {
      return "series key";
    }
  }
  return {};
}

std::string random_bytes(std::mt19937_64& rng, std::size_t max) {
  std::string out(rng() % (max + 1), '\0');
  for (auto& c : out) c = static_cast<char>(rng());
  return out;
}

// A request with the shapes senders produce plus what they may add: metadata, unknown fields.
std::string random_payload(std::mt19937_64& rng) {
  prometheus::WriteRequest request;
  const int series = static_cast<int>(rng() % 4);
  for (int s = 0; s < series; ++s) {
    auto* ts = request.add_timeseries();
    std::vector<std::pair<std::string, std::string>> labels;
    for (int l = static_cast<int>(rng() % 4); l > 0; --l) labels.emplace_back(random_bytes(rng, 6), random_bytes(rng, 8));
    if (rng() % 2 == 0) std::sort(labels.begin(), labels.end());  // as senders order them: the reader's fast path
    for (const auto& [name, value] : labels) {
      auto* label = ts->add_labels();
      label->set_name(name);
      label->set_value(value);
    }
    for (int i = static_cast<int>(rng() % 4); i > 0; --i) {
      auto* sample = ts->add_samples();
      sample->set_timestamp(static_cast<std::int64_t>(rng()) >> (rng() % 64));
      double value = 0;
      const std::uint64_t raw = rng();
      std::memcpy(&value, &raw, sizeof value);
      sample->set_value(value);
    }
  }
  if (rng() % 3 == 0) {
    auto* metadata = request.add_metadata();
    metadata->set_type(static_cast<std::int32_t>(rng() % 8));
    metadata->set_metric_family_name(random_bytes(rng, 6));
    metadata->set_help(random_bytes(rng, 10));
  }
  std::string payload = request.SerializeAsString();
  if (rng() % 4 == 0) payload += std::string("\x28\x05\x3a\x02hi\x4d\x01\x02\x03\x04", 11);  // unknown fields 5, 7, 9
  return payload;
}

std::string mutate(std::string payload, std::mt19937_64& rng) {
  for (int n = 1 + static_cast<int>(rng() % 3); n > 0; --n) {
    const std::size_t at = payload.empty() ? 0 : rng() % payload.size();
    switch (rng() % 5) {
      case 0:
        if (!payload.empty()) payload[at] = static_cast<char>(rng());
        break;
      case 1:
        if (!payload.empty()) payload[at] = static_cast<char>(payload[at] ^ (1 << (rng() % 8)));
        break;
      case 2: payload.insert(at, 1, static_cast<char>(rng())); break;
      case 3:
        if (!payload.empty()) payload.erase(at, 1);
        break;
      default: payload.resize(at); break;
    }
  }
  return payload;
}

std::string nested_groups(int depth, std::string_view prefix = "") {
  std::string out(prefix);
  for (int i = 0; i < depth; ++i) out += '\x2b';  // field 5, start group
  for (int i = 0; i < depth; ++i) out += '\x2c';  // field 5, end group
  return out;
}

std::string length_prefixed(std::uint8_t tag, const std::string& body) {
  std::string out(1, static_cast<char>(tag));
  out += static_cast<char>(body.size());  // the cases below stay under 128 bytes
  return out + body;
}

}  // namespace

TEST(WireReader, AgreesWithProtobufOnGoldenCaptures) {
  const fs::path golden = fs::path(RWCHAOS_SOURCE_DIR) / "faults" / "tests" / "golden";
  int checked = 0;
  for (const char* client : {"vmalert", "vmagent", "prometheus"}) {
    const std::string body = read_bytes(golden / (std::string(client) + ".bin"));
    const auto reference = rw::decode(body);
    ASSERT_TRUE(reference) << client;
    EXPECT_EQ(disagreement(reference.payload), "") << client;
    const auto decoded = rw::decode_payload(body);
    ASSERT_TRUE(decoded) << client << ": " << decoded.error->message;
    EXPECT_EQ(decoded.payload(), reference.payload);
    EXPECT_EQ(decoded.series, reference.series);
    EXPECT_EQ(decoded.samples, reference.samples);
    EXPECT_EQ(decoded.hash, rw::hash64(reference.payload));
    EXPECT_GT(decoded.samples, 0u);
    ++checked;
  }
  EXPECT_EQ(checked, 3);
}

TEST(WireReader, AgreesWithProtobufOnRandomAndMutatedRequests) {
  std::mt19937_64 rng(20261123);
  int accepted_mutants = 0, rejected_mutants = 0;
  for (int round = 0; round < 3000; ++round) {
    const std::string payload = random_payload(rng);
    ASSERT_EQ(disagreement(payload), "") << "round " << round;
    for (int m = 0; m < 10; ++m) {
      const std::string mutant = mutate(payload, rng);
      ASSERT_EQ(disagreement(mutant), "") << "round " << round << " mutant " << m;
      prometheus::WriteRequest parsed;
      (parsed.ParseFromString(mutant) ? accepted_mutants : rejected_mutants)++;
    }
  }
  // Both sides of the comparison were exercised, not only one.
  EXPECT_GT(accepted_mutants, 1000);
  EXPECT_GT(rejected_mutants, 1000);
}

TEST(WireReader, AgreesWithProtobufOnWireFormatEdges) {
  const std::string sample_ok = length_prefixed(0x12, std::string("\x09\0\0\0\0\0\0\xf0\x3f\x10\x01", 11));
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"empty", ""},
      {"tag 0", std::string("\0", 1)},
      {"field number 0, fixed64", std::string("\x01\1\2\3\4\5\6\7\x08", 9)},
      {"field number 0, length", std::string("\x02\x00", 2)},
      {"wire type 6", "\x2e"},
      {"wire type 7", "\x2f"},
      {"stray end group", "\x2c"},
      {"groups 100 deep", nested_groups(100)},
      {"groups 101 deep", nested_groups(101)},
      {"groups 99 deep in a series", length_prefixed(0x0a, nested_groups(99))},
      {"groups 100 deep in a series", length_prefixed(0x0a, nested_groups(100))},
      {"groups 98 deep in a label", length_prefixed(0x0a, length_prefixed(0x0a, nested_groups(98)))},
      {"groups 99 deep in a label", length_prefixed(0x0a, length_prefixed(0x0a, nested_groups(99)))},
      {"end group of another field", "\x2b\x34"},
      {"group never closed", "\x2b\x28\x01"},
      {"group closed outside its series", length_prefixed(0x0a, "\x2b") + "\x2c"},
      {"10-byte varint", "\x28\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01"},
      {"10-byte varint, high bits", "\x28\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f"},
      {"11-byte varint", "\x28\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01"},
      {"5-byte tag", "\xa8\x80\x80\x80\x00\x01"},
      {"5-byte tag, high bits", "\xa8\x80\x80\x80\x70\x01"},
      {"6-byte tag", "\xa8\x80\x80\x80\x80\x00\x01"},
      {"5-byte length", "\x2a\x80\x80\x80\x80\x00"},
      {"5-byte length, fifth byte 8", "\x2a\x80\x80\x80\x80\x08"},
      {"length past the end", "\x2a\x05" "abc"},
      {"truncated fixed64", "\x29\x01\x02"},
      {"truncated fixed32", "\x2d\x01"},
      {"sample", length_prefixed(0x0a, sample_ok)},
      {"sample value as varint", length_prefixed(0x0a, length_prefixed(0x12, "\x08\x05"))},
      {"sample timestamp as fixed64", length_prefixed(0x0a, length_prefixed(0x12, std::string("\x11\1\2\3\4\5\6\7\x08", 9)))},
      {"label name twice", length_prefixed(0x0a, length_prefixed(0x0a, "\x0a\x01" "a" "\x0a\x01" "b"))},
      {"label name as varint", length_prefixed(0x0a, length_prefixed(0x0a, "\x08\x01"))},
      {"series as varint", "\x08\x01"},
      {"label crosses its series' end", length_prefixed(0x0a, "\x0a\x05" "ab") + "cde"},
      {"fixed64 crosses its sample's end", length_prefixed(0x0a, length_prefixed(0x12, "\x09\x01\x02")) + "\x00\x00\x00\x00\x00\x00"},
      {"metadata", length_prefixed(0x1a, "\x08\x02\x12\x01m\x22\x01h\x2a\x01u")},
      {"metadata with a group", length_prefixed(0x1a, "\x2b\x2c")},
      {"metadata type truncated", length_prefixed(0x1a, "\x08\x80")},
      {"reserved field 2", "\x12\x02" "ab"},
  };
  for (const auto& [name, payload] : cases) EXPECT_EQ(disagreement(payload), "") << name;
  // The cases hit both outcomes.
  prometheus::WriteRequest parsed;
  EXPECT_TRUE(parsed.ParseFromString(nested_groups(100)));
  EXPECT_FALSE(parsed.ParseFromString(nested_groups(101)));
}

TEST(WireReader, DecodePayloadKeepsViewsValidWhenMoved) {
  prometheus::WriteRequest request;
  auto* label = request.add_timeseries()->add_labels();
  label->set_name("a");
  label->set_value("b");  // a payload short enough for a string's small buffer
  auto decoded = rw::decode_payload(rw::encode(request));
  ASSERT_TRUE(decoded);
  const auto moved = std::move(decoded);
  ASSERT_EQ(moved.request.labels.size(), 1u);
  EXPECT_EQ(moved.request.labels[0].name, "a");
  EXPECT_EQ(moved.request.labels[0].value, "b");
}

TEST(WireReader, DecodePayloadErrorsMatchDecode) {
  for (const std::string& body : {std::string("\xff\xff\xff\xff\xff\xff"), rw::compress("\x0a\xff\xff\xff\xff\x0f no"),
                                  rw::compress(nested_groups(101))}) {
    const auto reference = rw::decode(body);
    const auto decoded = rw::decode_payload(body);
    ASSERT_FALSE(reference);
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error->kind, reference.error->kind);
    EXPECT_EQ(decoded.error->message.rfind(reference.error->message, 0), 0u) << decoded.error->message;
  }
}
