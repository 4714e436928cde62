#pragma once
// "1 block", "2 blocks": a count and its noun, the noun plural unless the count is 1 (every noun
// the reports count takes a plain -s).
#include <cstdint>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace rwchaos::harness {

inline std::string counted(std::uint64_t count, std::string_view noun) {
  return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
}

}  // namespace rwchaos::harness
