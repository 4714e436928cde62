#pragma once
// Header values, config lines and tool output are compared without surrounding blanks.
#include <string_view>

namespace rwchaos::harness {

// `text` without leading and trailing spaces, tabs and line ends; a view into `text`.
inline std::string_view trimmed(std::string_view text) {
  constexpr std::string_view blanks = " \t\r\n";
  const auto first = text.find_first_not_of(blanks);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

}  // namespace rwchaos::harness
