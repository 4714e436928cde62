#pragma once
// A small structural XML check for the reports_* tests: tags balance, attributes are quoted, and
// text holds no raw '<' or a '&' that starts no entity. Returns "" when well-formed, else why not.
#include <regex>
#include <string>
#include <vector>

namespace rwchaos::harness::test {

inline std::string xml_problem(const std::string& xml) {
  std::vector<std::string> open;
  std::size_t pos = 0;
  static const std::regex entity("&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);");
  auto check_text = [&](const std::string& text) -> std::string {
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '&') {
        std::smatch m;
        const std::string rest = text.substr(i, 12);
        if (!std::regex_search(rest, m, entity) || m.position(0) != 0) return "bad '&' near: " + text.substr(i, 20);
      }
      if (text[i] == '>') continue;
    }
    return "";
  };
  if (xml.rfind("<?xml", 0) == 0) pos = xml.find("?>") + 2;
  static const std::regex tag(R"(<(/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(/?)>)");
  while (pos < xml.size()) {
    const std::size_t lt = xml.find('<', pos);
    const std::string text = xml.substr(pos, lt == std::string::npos ? std::string::npos : lt - pos);
    if (auto problem = check_text(text); !problem.empty()) return problem;
    if (lt == std::string::npos) break;
    std::smatch m;
    const std::string rest = xml.substr(lt);
    if (!std::regex_search(rest, m, tag, std::regex_constants::match_continuous)) return "malformed tag near: " + rest.substr(0, 60);
    if (auto problem = check_text(m[3].str()); !problem.empty()) return problem;
    const std::string name = m[2].str();
    if (m[1].length()) {
      if (open.empty() || open.back() != name) return "unbalanced </" + name + ">";
      open.pop_back();
    } else if (!m[4].length()) {
      open.push_back(name);
    }
    pos = lt + m.length(0);
  }
  return open.empty() ? "" : "unclosed <" + open.back() + ">";
}

inline std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
  return count;
}

}  // namespace rwchaos::harness::test
