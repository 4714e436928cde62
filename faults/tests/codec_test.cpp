// Remote-write codec: round trips, and every way a body can be bad gets its own error.
#include <gtest/gtest.h>

#include "faults/remotewrite/codec.hpp"

namespace rw = rwchaos::remotewrite;

namespace {
prometheus::WriteRequest one_series(int samples) {
  prometheus::WriteRequest request;
  auto* series = request.add_timeseries();
  auto* name = series->add_labels();
  name->set_name("__name__");
  name->set_value("rwchaos_test");
  auto* job = series->add_labels();
  job->set_name("job");
  job->set_value("unit");
  for (int i = 0; i < samples; ++i) {
    auto* sample = series->add_samples();
    sample->set_value(i);
    sample->set_timestamp(1700000000000 + i * 1000);
  }
  return request;
}
}  // namespace

TEST(Codec, RoundTripKeepsSeriesAndSamples) {
  const auto body = rw::encode(one_series(3));
  const auto decoded = rw::decode(body);
  ASSERT_TRUE(decoded) << decoded.error->message;
  EXPECT_EQ(decoded.series, 1u);
  EXPECT_EQ(decoded.samples, 3u);
  EXPECT_EQ(decoded.request.timeseries(0).samples(2).timestamp(), 1700000002000);
  EXPECT_EQ(rw::series_key(decoded.request.timeseries(0)), "__name__=\"rwchaos_test\",job=\"unit\"");
}

TEST(Codec, SeriesKeySortsLabels) {
  prometheus::TimeSeries series;
  auto* b = series.add_labels();
  b->set_name("b");
  b->set_value("2");
  auto* a = series.add_labels();
  a->set_name("a");
  a->set_value("1");
  EXPECT_EQ(rw::series_key(series), "a=\"1\",b=\"2\"");
}

TEST(Codec, TruncatedSnappyIsRejected) {
  auto body = rw::encode(one_series(100));
  body.resize(body.size() / 2);
  const auto decoded = rw::decode(body);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error->kind, rw::DecodeErrorKind::snappy);
}

TEST(Codec, GarbageHeaderIsRejected) {
  const std::string body(10, '\xff');
  const auto decoded = rw::decode(body);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error->kind, rw::DecodeErrorKind::snappy_header);
}

TEST(Codec, ValidSnappyOfWrongProtobufIsRejected) {
  const auto decoded = rw::decode(rw::compress("\x0a\xff\xff\xff\xff\x0f not a write request"));
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error->kind, rw::DecodeErrorKind::protobuf);
}

TEST(Codec, OversizeCompressedBodyIsRejected) {
  rw::Limits limits;
  limits.max_compressed_bytes = 16;
  const auto decoded = rw::decode(rw::encode(one_series(10)), limits);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error->kind, rw::DecodeErrorKind::too_large);
}

TEST(Codec, DecompressionBombIsRefusedFromTheHeaderAlone) {
  // A snappy varint header announcing 4 GiB - 1, followed by nothing: must fail on the header's claim,
  // before any allocation of that size.
  const std::string bomb("\xff\xff\xff\xff\x0f", 5);
  const auto decoded = rw::decode(bomb);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error->kind, rw::DecodeErrorKind::decoded_too_large);
  EXPECT_NE(decoded.error->message.find("4294967295"), std::string::npos);
}

TEST(Codec, RealisticBombOverTheLimitIsRefused) {
  rw::Limits limits;
  limits.max_decoded_bytes = 1 << 20;
  const auto decoded = rw::decode(rw::compress(std::string(2 << 20, 'a')), limits);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error->kind, rw::DecodeErrorKind::decoded_too_large);
}

TEST(Codec, HashIsStableXxh3) {
  // XXH3-64 of the empty input with seed 0, as published in xxHash's own test vectors.
  EXPECT_EQ(rw::hash64(""), 0x2d06800538d394c2ull);
  EXPECT_EQ(rw::hex64(rw::hash64("a")), "e6c632b61e964e1f");
  EXPECT_NE(rw::hash64("ab"), rw::hash64("ba"));
}
