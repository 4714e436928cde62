// VictoriaMetrics' own remote-write protocol: the WriteRequest in zstd instead of snappy. Bodies
// decode whichever codec the header names first, bounded like snappy ones.
#include <gtest/gtest.h>

#include <zstd.h>

#include "faults/remotewrite/codec.hpp"

namespace rw = rwchaos::remotewrite;

namespace {

prometheus::WriteRequest series_with(int samples) {
  prometheus::WriteRequest request;
  auto* series = request.add_timeseries();
  auto* name = series->add_labels();
  name->set_name("__name__");
  name->set_value("rwchaos_zstd");
  for (int i = 0; i < samples; ++i) {
    auto* sample = series->add_samples();
    sample->set_value(i);
    sample->set_timestamp(1700000000000 + i * 1000);
  }
  return request;
}

// A zstd frame whose header does not carry the content size, as a streaming encoder writes it.
std::string zstd_stream(const std::string& payload) {
  std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> ctx(ZSTD_createCCtx(), ZSTD_freeCCtx);
  ZSTD_CCtx_setParameter(ctx.get(), ZSTD_c_contentSizeFlag, 0);
  std::string out(ZSTD_compressBound(payload.size()) + 64, '\0');
  ZSTD_inBuffer in{payload.data(), payload.size(), 0};
  ZSTD_outBuffer dst{out.data(), out.size(), 0};
  while (ZSTD_compressStream2(ctx.get(), &dst, &in, ZSTD_e_end) != 0) {
  }
  out.resize(dst.pos);
  return out;
}

}  // namespace

TEST(ZstdCodec, CompressionForFollowsVictoriaMetricsContentEncodingRule) {
  EXPECT_EQ(rw::compression_for("zstd"), rw::Compression::zstd);
  EXPECT_EQ(rw::compression_for("snappy"), rw::Compression::snappy);
  EXPECT_EQ(rw::compression_for(""), rw::Compression::snappy);
  EXPECT_EQ(rw::compression_for("ZSTD"), rw::Compression::snappy);  // Go's == is exact
}

TEST(ZstdCodec, ZstdBodyDecodesToTheSameSamplesAsSnappy) {
  const auto request = series_with(5);
  const auto zstd_body = rw::encode(request, rw::Compression::zstd);
  ASSERT_EQ(ZSTD_getFrameContentSize(zstd_body.data(), zstd_body.size()), request.ByteSizeLong());
  const auto decoded = rw::decode(zstd_body, {}, rw::Compression::zstd);
  ASSERT_TRUE(decoded) << decoded.error->message;
  EXPECT_EQ(decoded.compression, rw::Compression::zstd);
  EXPECT_EQ(decoded.samples, 5u);
  const auto payload = rw::decode_payload(zstd_body, {}, rw::Compression::zstd);
  ASSERT_TRUE(payload) << payload.error->message;
  EXPECT_EQ(payload.samples, 5u);
  // The ledger's hash is of the payload, so one payload sent in either protocol is one payload.
  EXPECT_EQ(payload.hash, rw::decode_payload(rw::encode(request)).hash);
}

TEST(ZstdCodec, BodyUnderTheOtherContentEncodingStillDecodesAndSaysWhichCodec) {
  // vmagent's persistent queue keeps blocks in the protocol they were queued in.
  const auto request = series_with(2);
  const auto zstd_as_snappy = rw::decode_payload(rw::encode(request, rw::Compression::zstd), {}, rw::Compression::snappy);
  ASSERT_TRUE(zstd_as_snappy) << zstd_as_snappy.error->message;
  EXPECT_EQ(zstd_as_snappy.compression, rw::Compression::zstd);
  const auto snappy_as_zstd = rw::decode_payload(rw::encode(request), {}, rw::Compression::zstd);
  ASSERT_TRUE(snappy_as_zstd) << snappy_as_zstd.error->message;
  EXPECT_EQ(snappy_as_zstd.compression, rw::Compression::snappy);
}

TEST(ZstdCodec, UndecodableBodyReportsTheHeaderCodecsError) {
  const std::string garbage = "\x01\x02\x03 not a frame";
  const auto as_zstd = rw::decode(garbage, {}, rw::Compression::zstd);
  ASSERT_FALSE(as_zstd);
  EXPECT_EQ(as_zstd.error->kind, rw::DecodeErrorKind::zstd_header);
  const auto empty = rw::decode_payload("", {}, rw::Compression::zstd);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error->kind, rw::DecodeErrorKind::zstd_header);
}

TEST(ZstdCodec, TruncatedFrameIsRejected) {
  const auto body = rw::encode(series_with(50), rw::Compression::zstd);
  const auto cut = rw::decode_payload(body.substr(0, body.size() - 4), {}, rw::Compression::zstd);
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.error->kind, rw::DecodeErrorKind::zstd);
  const auto cut_stream =
      rw::decode_payload(zstd_stream(series_with(50).SerializeAsString()).substr(0, 20), {}, rw::Compression::zstd);
  ASSERT_FALSE(cut_stream);
  EXPECT_EQ(cut_stream.error->kind, rw::DecodeErrorKind::zstd);
}

TEST(ZstdCodec, FrameWithoutContentSizeDecodesInSteps) {
  const auto request = series_with(20000);  // larger than one streaming output buffer
  const auto body = zstd_stream(request.SerializeAsString());
  ASSERT_EQ(ZSTD_getFrameContentSize(body.data(), body.size()), ZSTD_CONTENTSIZE_UNKNOWN);
  const auto decoded = rw::decode_payload(body, {}, rw::Compression::zstd);
  ASSERT_TRUE(decoded) << decoded.error->message;
  EXPECT_EQ(decoded.samples, 20000u);
}

TEST(ZstdCodec, DecompressionBombIsRefusedBeforeAllocating) {
  const std::string zeros(4u << 20, '\0');
  rw::Limits limits;
  limits.max_decoded_bytes = 1u << 20;
  const auto sized = rw::decode_payload(rw::compress(zeros, rw::Compression::zstd), limits, rw::Compression::zstd);
  ASSERT_FALSE(sized);
  EXPECT_EQ(sized.error->kind, rw::DecodeErrorKind::decoded_too_large);
  const auto streamed = rw::decode_payload(zstd_stream(zeros), limits, rw::Compression::zstd);
  ASSERT_FALSE(streamed);
  EXPECT_EQ(streamed.error->kind, rw::DecodeErrorKind::decoded_too_large);
}
