#include "harness/common/valid_utf8.hpp"

#include <nlohmann/json.hpp>

namespace rwchaos::harness {

std::string valid_utf8(std::string_view text) {
  // nlohmann's serializer already validates UTF-8; its `replace` handler substitutes U+FFFD, and
  // parsing the escaped literal back gives the cleaned text.
  const std::string literal = nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return nlohmann::json::parse(literal).get<std::string>();
}

}  // namespace rwchaos::harness
