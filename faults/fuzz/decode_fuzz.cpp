// Fuzz target: the remote-write body decoder (snappy + protobuf) under its default limits.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "faults/remotewrite/codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto decoded = rwchaos::remotewrite::decode(body);
  if (decoded) {
    // Decoded requests must re-encode and decode to the same payload size.
    const auto again = rwchaos::remotewrite::decode(rwchaos::remotewrite::encode(decoded.request));
    if (!again || again.samples != decoded.samples) __builtin_trap();
    for (const auto& series : decoded.request.timeseries()) (void)rwchaos::remotewrite::series_key(series);
  }
  return 0;
}
