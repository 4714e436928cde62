#pragma once
// JSON with the line and column of every member and array element, so an error in a machine-written
// config still names where it is. nlohmann::json 3.11 keeps no positions: a second, SAX pass over
// an iterator that reports how far the lexer has read records them.
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace rwchaos::harness {

struct JsonPosition {
  int line = 0;    // 1-based
  int column = 0;  // 1-based, in bytes
};

class JsonSyntaxError : public std::runtime_error {
 public:
  JsonSyntaxError(JsonPosition at, const std::string& message) : std::runtime_error(message), at_(at) {}
  JsonPosition at() const { return at_; }

 private:
  JsonPosition at_;
};

struct LocatedJson {
  nlohmann::json value;
  // JSON pointer ("/route/retry_policy/num_retries", "/route/retry_policy/retry_on/1") -> where
  // that member's key, or that array element, starts. "" is the document itself.
  std::map<std::string, JsonPosition> positions;

  // The position of `pointer`, or of its nearest ancestor that has one.
  JsonPosition at(std::string pointer) const;
};

// Throws JsonSyntaxError (with the position nlohmann reports) when `text` is not JSON.
LocatedJson parse_located_json(std::string_view text);

}  // namespace rwchaos::harness
