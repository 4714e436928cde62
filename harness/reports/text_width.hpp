#pragma once
// How many terminal columns a UTF-8 string takes: one per code point ("—" and "·" are two or three
// bytes and one column), for tables padded to line up.
#include <algorithm>
#include <cstddef>
#include <string_view>

namespace rwchaos::harness {

inline std::size_t display_width(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace rwchaos::harness
