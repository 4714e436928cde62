#include "harness/clients/flag_lists.hpp"

#include <map>
#include <sstream>

namespace rwchaos::harness {

std::set<std::string> parse_flag_list(const std::string& text) {
  std::set<std::string> names;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    if (!line.empty() && line[0] != '#') names.insert(line);
  }
  return names;
}

const std::set<std::string>* flag_list(const std::string& name) {
  static const std::map<std::string, std::set<std::string>> lists = [] {
    std::map<std::string, std::set<std::string>> parsed;
    for (const auto& list : embedded_flag_lists()) parsed.emplace(list.name, parse_flag_list(list.text));
    return parsed;
  }();
  const auto found = lists.find(name);
  return found == lists.end() ? nullptr : &found->second;
}

}  // namespace rwchaos::harness
