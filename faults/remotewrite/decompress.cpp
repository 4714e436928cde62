#include "decompress.hpp"

#include <snappy.h>
#include <zstd.h>

#include <algorithm>

#include <fmt/format.h>

namespace rwchaos::remotewrite {

std::string_view to_string(DecodeErrorKind kind) {
  switch (kind) {
    case DecodeErrorKind::too_large: return "too_large";
    case DecodeErrorKind::snappy_header: return "snappy_header";
    case DecodeErrorKind::decoded_too_large: return "decoded_too_large";
    case DecodeErrorKind::snappy: return "snappy";
    case DecodeErrorKind::zstd_header: return "zstd_header";
    case DecodeErrorKind::zstd: return "zstd";
    case DecodeErrorKind::protobuf: return "protobuf";
  }
  return "unknown";
}

std::string_view to_string(Compression compression) {
  return compression == Compression::zstd ? "zstd" : "snappy";
}

Compression compression_for(std::string_view content_encoding) {
  return content_encoding == "zstd" ? Compression::zstd : Compression::snappy;
}

namespace {

Decompressed failed(DecodeErrorKind kind, std::string message) {
  Decompressed out;
  out.error = DecodeError{kind, std::move(message)};
  return out;
}

Decompressed too_large_decoded(std::string_view codec, unsigned long long size, const Limits& limits) {
  return failed(DecodeErrorKind::decoded_too_large,
                fmt::format("{} header announces {} decoded bytes, over the limit of {} bytes", codec, size,
                            limits.max_decoded_bytes));
}

Decompressed unsnappy(std::string_view body, const Limits& limits) {
  std::size_t size = 0;
  if (!snappy::GetUncompressedLength(body.data(), body.size(), &size))
    return failed(DecodeErrorKind::snappy_header, "cannot decompress snappy block: invalid length header");
  if (size > limits.max_decoded_bytes) return too_large_decoded("snappy", size, limits);
  Decompressed out;
  // Uninitialised on purpose: snappy writes every byte or fails.
  out.bytes.reset(new char[std::max<std::size_t>(size, 1)]);
  if (!snappy::RawUncompress(body.data(), body.size(), out.bytes.get()))
    return failed(DecodeErrorKind::snappy, "cannot decompress snappy block: corrupt data");
  out.size = size;
  out.compression = Compression::snappy;
  return out;
}

Decompressed zstd_error(std::size_t code) {
  return failed(DecodeErrorKind::zstd, fmt::format("cannot decompress zstd frame: {}", ZSTD_getErrorName(code)));
}

// A frame without its content size in the header (a streaming encoder's): decoded in steps, never
// past the limit. gozstd's Compress, which vmagent uses, always writes the size.
Decompressed unzstd_stream(std::string_view body, const Limits& limits) {
  std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> ctx(ZSTD_createDCtx(), ZSTD_freeDCtx);
  std::string out;
  ZSTD_inBuffer in{body.data(), body.size(), 0};
  std::size_t last = 1;
  while (in.pos < in.size || last != 0) {
    if (out.size() > limits.max_decoded_bytes) return too_large_decoded("zstd stream", out.size(), limits);
    const std::size_t used = out.size();
    out.resize(std::min(used + ZSTD_DStreamOutSize(), limits.max_decoded_bytes + 1));
    ZSTD_outBuffer dst{out.data() + used, out.size() - used, 0};
    last = ZSTD_decompressStream(ctx.get(), &dst, &in);
    out.resize(used + dst.pos);
    if (ZSTD_isError(last)) return zstd_error(last);
    if (in.pos == in.size && last != 0 && dst.pos < dst.size)
      return failed(DecodeErrorKind::zstd, "cannot decompress zstd frame: truncated");
  }
  if (out.size() > limits.max_decoded_bytes) return too_large_decoded("zstd stream", out.size(), limits);
  Decompressed result;
  result.bytes.reset(new char[std::max<std::size_t>(out.size(), 1)]);
  std::copy(out.begin(), out.end(), result.bytes.get());
  result.size = out.size();
  result.compression = Compression::zstd;
  return result;
}

Decompressed unzstd(std::string_view body, const Limits& limits) {
  // An empty body is no frame (zstd would read it as zero frames, an empty payload).
  const unsigned long long size =
      body.empty() ? ZSTD_CONTENTSIZE_ERROR : ZSTD_getFrameContentSize(body.data(), body.size());
  if (size == ZSTD_CONTENTSIZE_ERROR)
    return failed(DecodeErrorKind::zstd_header, "cannot decompress zstd frame: invalid frame header");
  // The header's size is the first frame's: a body of several frames is decoded in steps too.
  if (size == ZSTD_CONTENTSIZE_UNKNOWN || ZSTD_findFrameCompressedSize(body.data(), body.size()) != body.size())
    return unzstd_stream(body, limits);
  if (size > limits.max_decoded_bytes) return too_large_decoded("zstd frame", size, limits);
  Decompressed out;
  out.bytes.reset(new char[std::max<unsigned long long>(size, 1)]);
  const std::size_t written = ZSTD_decompress(out.bytes.get(), size, body.data(), body.size());
  if (ZSTD_isError(written)) return zstd_error(written);
  if (written != size) return failed(DecodeErrorKind::zstd, "cannot decompress zstd frame: shorter than its header says");
  out.size = size;
  out.compression = Compression::zstd;
  return out;
}

Decompressed undo(std::string_view body, const Limits& limits, Compression compression) {
  return compression == Compression::zstd ? unzstd(body, limits) : unsnappy(body, limits);
}

}  // namespace

Decompressed decompress(std::string_view body, const Limits& limits, Compression first) {
  if (body.size() > limits.max_compressed_bytes) {
    return failed(DecodeErrorKind::too_large, fmt::format("compressed body of {} bytes exceeds the limit of {} bytes",
                                                          body.size(), limits.max_compressed_bytes));
  }
  Decompressed out = undo(body, limits, first);
  // Over the limit is final: the other codec is not asked to decode a body that large.
  if (!out.error || out.error->kind == DecodeErrorKind::decoded_too_large) return out;
  const Compression other = first == Compression::zstd ? Compression::snappy : Compression::zstd;
  if (Decompressed second = undo(body, limits, other); !second.error) return second;
  return out;
}

std::string compress(std::string_view payload, Compression compression) {
  std::string out;
  if (compression == Compression::snappy) {
    snappy::Compress(payload.data(), payload.size(), &out);
    return out;
  }
  out.resize(ZSTD_compressBound(payload.size()));
  const std::size_t n = ZSTD_compress(out.data(), out.size(), payload.data(), payload.size(), 1);
  out.resize(ZSTD_isError(n) ? 0 : n);
  return out;
}

}  // namespace rwchaos::remotewrite
