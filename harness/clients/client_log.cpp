#include "harness/clients/client_log.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>

#include "harness/clients/client_adapter.hpp"
#include "harness/common/valid_utf8.hpp"

namespace rwchaos::harness {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// `word` as a whole word in `text` (both lower case): "errors=0" is not an error line.
bool has_word(const std::string& text, std::string_view word) {
  for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    const bool starts = at == 0 || !is_word_char(text[at - 1]);
    const std::size_t end = at + word.size();
    const bool ends = end == text.size() || !is_word_char(text[end]);
    if (starts && ends) return true;
  }
  return false;
}

// One log line for a report: no trailing blanks, at most 500 bytes.
std::string clipped_line(std::string line) {
  while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
  constexpr std::size_t limit = 500;
  if (line.size() > limit) line = line.substr(0, limit) + "...";
  return line;
}

}  // namespace

bool victoriametrics_error_line(std::string_view line) {
  const auto first_tab = line.find('\t');
  if (first_tab != std::string_view::npos) {
    const auto second_tab = line.find('\t', first_tab + 1);
    const std::string_view level = line.substr(first_tab + 1, second_tab - first_tab - 1);
    return level == "error" || level == "fatal" || level == "panic";
  }
  for (const char* level : {R"("level":"error")", R"("level":"fatal")", R"("level":"panic")"})
    if (line.find(level) != std::string_view::npos) return true;
  return false;
}

bool logfmt_error_line(std::string_view line) {
  for (const char* level : {"level=error", "level=fatal", "level=panic"}) {
    const auto at = line.find(level);
    if (at != std::string_view::npos && (at == 0 || line[at - 1] == ' ')) return true;
  }
  return false;
}

bool any_error_word(std::string_view line) {
  const std::string text = lower(line);
  return has_word(text, "error") || has_word(text, "fatal") || has_word(text, "panic");
}

std::string first_error_line(const ClientAdapter& adapter, const std::filesystem::path& log) {
  std::ifstream in(log);
  std::string line;
  std::string fallback;
  while (std::getline(in, line)) {
    if (adapter.is_error_line && adapter.is_error_line(line)) return valid_utf8(clipped_line(line));
    if (fallback.empty() && any_error_word(line)) fallback = valid_utf8(clipped_line(line));
  }
  return fallback;
}

}  // namespace rwchaos::harness
