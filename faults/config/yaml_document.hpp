#pragma once
// Reading the first YAML document of a text safely. yaml-cpp 0.7's LoadAll never returns on some
// invalid input (a stray ',' makes the parser yield empty documents forever until memory runs out:
// jbeder/yaml-cpp#1040), so documents are counted with a bounded loop that also notices when the
// parser stops advancing.
#include <optional>
#include <string>

#include <yaml-cpp/yaml.h>

namespace rwchaos::faults::config {

struct YamlDocument {
  YAML::Node root;                         // the first document; Null when the text has none
  std::optional<YAML::Mark> second_start;  // where a second document starts, if there is one
};

// Throws YAML::ParserException (with a mark) for syntax errors, including a parser that is stuck.
YamlDocument read_first_yaml_document(const std::string& text);

}  // namespace rwchaos::faults::config
