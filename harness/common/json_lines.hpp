#pragma once
// JSON lines (the ledger, GET /connection-faults) into values: one value per non-blank line.
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace rwchaos::harness {

// Throws nlohmann::json::exception for a line that is not a T.
template <typename T>
std::vector<T> parse_json_lines(const std::string& text) {
  std::vector<T> values;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    values.push_back(nlohmann::json::parse(line).get<T>());
  }
  return values;
}

}  // namespace rwchaos::harness
