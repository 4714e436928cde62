#include "harness/scenario/scenario_error.hpp"

namespace rwchaos::harness {

std::string ScenarioError::to_string() const {
  std::string text = file;
  if (line > 0) text += ":" + std::to_string(line) + ":" + std::to_string(column > 0 ? column : 1);
  text += ": ";
  if (!field.empty()) text += "field '" + field + "': ";
  return text + message;
}

}  // namespace rwchaos::harness
