#include "harness/clients/client_flags_file.hpp"

#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "harness/common/trimmed.hpp"

namespace rwchaos::harness {
namespace {

using faults::config::LocatedError;

bool quoted(const std::string& value) {
  return value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front();
}

const OwnedFlag* owned(const ClientAdapter& adapter, const std::string& name) {
  for (const auto& flag : adapter.owned_flags)
    if (flag.name == name) return &flag;
  return nullptr;
}

// Why `text` (one trimmed line) is no flag the file may hold; empty when it is one.
std::string problem(const std::string& text, const std::string& name, const ClientAdapter& adapter) {
  static const std::regex flag_name("[A-Za-z0-9][A-Za-z0-9._-]*");
  if (text.front() != '-') return fmt::format("expected -flag=value, got \"{}\"", text);
  const auto equals = text.find('=');
  if (!std::regex_match(name, flag_name)) {
    if (name.find_first_of(" \t") != std::string::npos)
      return fmt::format("\"{}\": write -flag=value (no shell splits this file)", text);
    return fmt::format("\"{}\" is no flag name", name);
  }
  if (equals != std::string::npos && quoted(text.substr(equals + 1)))
    return fmt::format("-{}: the value is passed as written, quotes included (no shell reads this file); drop them", name);
  if (const OwnedFlag* flag = owned(adapter, name))
    return fmt::format("-{} is set by the harness ({}); leave it out", name, flag->why);
  return {};
}

}  // namespace

FlagsFileRead parse_flags_file(const std::string& text, const std::string& shown, const ClientAdapter& adapter) {
  FlagsFileRead read;
  std::istringstream in(text);
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    const std::string flag(trimmed(line));
    if (flag.empty() || flag.front() == '#') continue;
    const std::size_t dashes = flag.rfind("--", 0) == 0 ? 2 : 1;
    const std::string name = flag.substr(dashes, flag.find('=') == std::string::npos ? std::string::npos : flag.find('=') - dashes);
    const int column = static_cast<int>(line.find_first_not_of(" \t")) + 1;
    if (const std::string why = problem(flag, name, adapter); !why.empty()) {
      read.errors.push_back(LocatedError{shown, number, column, "client.flags_file", why});
      continue;
    }
    read.flags.push_back({flag, name, number});
  }
  return read;
}

}  // namespace rwchaos::harness
