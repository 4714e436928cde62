#include "harness/clients/prometheus_remote_write.hpp"

#include <algorithm>
#include <optional>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "faults/config/yaml_document.hpp"

namespace rwchaos::harness {
namespace {

using faults::config::LocatedError;

// Stands in for the harness's url while the kept lines are checked against the parsed entry.
constexpr const char* probe_url = "http://rwchaos.invalid/api/v1/write";

struct Failure {
  LocatedError error;
};

[[noreturn]] void fail(const std::string& shown, const YAML::Mark& mark, const std::string& field, const std::string& message) {
  throw Failure{{shown, mark.line >= 0 ? mark.line + 1 : 0, mark.column >= 0 ? mark.column + 1 : 0, field, message}};
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Equal as YAML values: same scalars, same keys with equal values, same items in order.
bool same(const YAML::Node& a, const YAML::Node& b) {
  if (a.Type() != b.Type()) return false;
  switch (a.Type()) {
    case YAML::NodeType::Scalar: return a.Scalar() == b.Scalar();
    case YAML::NodeType::Sequence:
      if (a.size() != b.size()) return false;
      for (std::size_t i = 0; i < a.size(); ++i)
        if (!same(a[i], b[i])) return false;
      return true;
    case YAML::NodeType::Map:
      if (a.size() != b.size()) return false;
      for (const auto& pair : a) {
        const YAML::Node other = b[pair.first.Scalar()];
        if (!other.IsDefined() || !same(pair.second, other)) return false;
      }
      return true;
    default: return true;
  }
}

std::string indented(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line.empty() ? "\n" : "    " + line + "\n";
  return text;
}

// Nodes keep the style they were read in; the entry goes under `  - url:` as block lines.
void set_block_style(YAML::Node node) {
  if (!node.IsMap() && !node.IsSequence()) return;
  node.SetStyle(YAML::EmitterStyle::Block);
  for (auto item : node) set_block_style(node.IsMap() ? item.second : YAML::Node(item));
}

// The entry without url, emitted by yaml-cpp (block style).
std::string emitted(const YAML::Node& entry) {
  YAML::Node copy = YAML::Clone(entry);
  copy.remove("url");
  set_block_style(copy);
  if (copy.size() == 0) return {};
  YAML::Emitter out;
  out << YAML::Block << copy;
  return indented(lines_of(out.c_str()));
}

// The first line after the entry: the next entry's, else the next top-level key's, else the end.
int end_line(const YAML::Node& root, const YAML::Node& entries, std::size_t index, int total_lines) {
  if (index + 1 < entries.size()) return entries[index + 1].Mark().line;
  int end = total_lines;
  const int start = entries[index].Mark().line;
  for (const auto& pair : root)
    if (pair.first.Mark().line > start) end = std::min(end, pair.first.Mark().line);
  return end;
}

// The entry's own lines, url left out and re-indented under `  - url:`; empty when that cannot be
// done line by line (flow style, a url over several lines, a line left of the entry's column).
std::optional<std::string> kept_lines(const std::string& text, const YAML::Node& root, const YAML::Node& entries,
                                      std::size_t index) {
  const YAML::Node& entry = entries[index];
  if (entries.Style() != YAML::EmitterStyle::Block || entry.Style() != YAML::EmitterStyle::Block) return std::nullopt;
  const std::vector<std::string> all = lines_of(text);
  const int first = entry.Mark().line;
  const int column = entry.Mark().column;
  const int end = end_line(root, entries, index, static_cast<int>(all.size()));
  int url_line = -1;
  for (const auto& pair : entry)
    if (pair.first.Scalar() == "url") url_line = pair.first.Mark().line;
  std::vector<std::string> kept;
  for (int number = first; number < end; ++number) {
    const std::string& line = all[number];
    if (number == url_line) continue;
    if (line.rfind("---", 0) == 0 || line.rfind("...", 0) == 0) break;  // the document ends
    const auto content = line.find_first_not_of(' ');
    if (content == std::string::npos) {
      kept.emplace_back();
    } else if (static_cast<int>(content) >= column || number == first) {
      kept.push_back(line.substr(number == first ? column : static_cast<std::size_t>(column)));
    } else if (line[content] == '#') {
      kept.push_back(line.substr(content));
    } else {
      return std::nullopt;
    }
  }
  while (!kept.empty() && kept.back().empty()) kept.pop_back();
  return indented(kept);
}

// Whether `yaml` under the probe url reads back as `entry` with that url.
bool reads_back(const std::string& yaml, const YAML::Node& entry) {
  try {
    const YAML::Node parsed = YAML::Load(remote_write_section(probe_url, yaml))["remote_write"][0];
    YAML::Node expected = YAML::Clone(entry);
    expected["url"] = probe_url;
    return same(parsed, expected);
  } catch (const YAML::Exception&) {
    return false;
  }
}

void refuse_relative_files(const std::string& shown, const YAML::Node& node, const std::string& path) {
  if (!node.IsMap()) return;
  for (const auto& pair : node) {
    const std::string key = pair.first.Scalar();
    const std::string field = path + "." + key;
    if (key.size() > 5 && key.ends_with("_file") && pair.second.IsScalar() && !pair.second.Scalar().empty() &&
        pair.second.Scalar().front() != '/')
      fail(shown, pair.second.Mark(), field,
           "a relative path is read from the folder of the config Prometheus runs with (the run folder): write it absolute");
    refuse_relative_files(shown, pair.second, field);
  }
}

std::string entry_name(const YAML::Node& entry) {
  return entry["name"] && entry["name"].IsScalar() ? entry["name"].Scalar() : "";
}

std::size_t choose(const std::string& shown, const YAML::Node& entries, const YAML::Mark& mark, const std::string& name) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (!entries[i].IsMap()) fail(shown, entries[i].Mark(), fmt::format("remote_write[{}]", i), "expected a map (url, queue_config, ...)");
    names.push_back(entry_name(entries[i]).empty() ? "(no name)" : entry_name(entries[i]));
    if (!name.empty() && entry_name(entries[i]) == name) return i;
  }
  const std::string listed = fmt::format("{}", fmt::join(names, ", "));
  if (!name.empty()) fail(shown, mark, "remote_write", fmt::format("no entry has name: {} (names: {})", name, listed));
  if (entries.size() > 1)
    fail(shown, mark, "remote_write",
         fmt::format("{} entries: give client.remote_write_name to pick one (names: {})", entries.size(), listed));
  return 0;
}

}  // namespace

std::string remote_write_section(const std::string& url, const std::string& entry_yaml) {
  return fmt::format("remote_write:\n  - url: {}\n{}", url, entry_yaml);
}

RemoteWriteEntry read_remote_write_entry(const std::string& text, const std::string& shown, const std::string& name) {
  RemoteWriteEntry read;
  try {
    YAML::Node root;
    try {
      root = faults::config::read_first_yaml_document(text).root;
    } catch (const YAML::Exception& error) {
      fail(shown, error.mark, "", "YAML syntax: " + error.msg);
    }
    if (!root.IsMap()) fail(shown, root.Mark(), "", "expected a Prometheus config (a map with remote_write)");
    const YAML::Node entries = root["remote_write"];
    if (!entries || !entries.IsSequence() || entries.size() == 0)
      fail(shown, entries ? entries.Mark() : root.Mark(), "remote_write", "expected a list of at least one remote_write entry");
    YAML::Mark list_mark;
    for (const auto& pair : root)
      if (pair.first.Scalar() == "remote_write") list_mark = pair.first.Mark();
    const std::size_t index = choose(shown, entries, list_mark, name);
    const YAML::Node entry = entries[index];
    refuse_relative_files(shown, entry, fmt::format("remote_write[{}]", index));
    read.sets_remote_timeout = static_cast<bool>(entry["remote_timeout"]);
    if (const auto kept = kept_lines(text, root, entries, index); kept && reads_back(*kept, entry)) {
      read.yaml = *kept;
      read.kept_as_written = true;
    } else {
      read.yaml = emitted(entry);
    }
  } catch (const Failure& failure) {
    read.yaml.clear();
    read.errors.push_back(failure.error);
  }
  return read;
}

}  // namespace rwchaos::harness
