#include "harness/istio/istio_yaml_checks.hpp"

#include <fmt/format.h>

#include "harness/istio/istio_duration.hpp"
#include "harness/istio/istio_schema.hpp"

namespace rwchaos::harness::istio {

using std::chrono::milliseconds;

// node[key] without yaml-cpp's throws: an undefined node unless `node` is a mapping with `key`.
YAML::Node child(const YAML::Node& node, const char* key) {
  if (!node.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  return node[key];
}

std::string YamlChecks::at(const YAML::Node& node) const {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return out_.file;
  return fmt::format("{}:{}:{}", out_.file, mark.line + 1, mark.column + 1);
}
std::string YamlChecks::line_of(const YAML::Node& node) const {
  const YAML::Mark mark = node.Mark();
  return mark.is_null() ? out_.file : fmt::format("{}:{}", out_.file, mark.line + 1);
}
void YamlChecks::error(const YAML::Node& node, const std::string& field, const std::string& message) {
  out_.errors.push_back(fmt::format("{}: field '{}': {}", at(node), field, message));
}
void YamlChecks::warning(const YAML::Node& node, const std::string& field, const std::string& message) {
  out_.warnings.push_back(fmt::format("{}: warning: field '{}': {}", at(node), field, message));
}

bool YamlChecks::check_map(const YAML::Node& node, const std::string& field, std::string_view message) {
  if (!node.IsMap()) {
    error(node, field, fmt::format("expected a mapping ({}), got {}", message, describe(node)));
    return false;
  }
  const auto& known = istio::known_fields(message);
  for (const auto& entry : node) {
    const std::string key = entry.first.Scalar();
    if (known.count(key) != 0) continue;
    const std::string suggestion = istio::suggest_field(key, known);
    error(entry.first, field.empty() ? key : field + "." + key,
          fmt::format("unknown field in {}{}", message,
                      suggestion.empty() ? "" : fmt::format(" (did you mean '{}'?)", suggestion)));
  }
  return true;
}

std::optional<long long> YamlChecks::integer(const YAML::Node& node, const std::string& field, long long min) {
  long long value = 0;
  std::size_t used = 0;
  bool ok = node.IsScalar() && !quoted(node);
  if (ok) {
    try {
      value = std::stoll(node.Scalar(), &used);
    } catch (const std::exception&) {
      ok = false;
    }
  }
  if (!ok || used != node.Scalar().size()) {
    error(node, field, fmt::format("expected an integer, got {}", describe(node)));
    return std::nullopt;
  }
  if (value < min || value > 2147483647LL) {
    error(node, field, fmt::format("must be between {} and 2147483647, got {}", min, value));
    return std::nullopt;
  }
  return value;
}

std::optional<bool> YamlChecks::boolean(const YAML::Node& node, const std::string& field) {
  const std::string text = node.IsScalar() && !quoted(node) ? node.Scalar() : "";
  if (text == "true") return true;
  if (text == "false") return false;
  error(node, field, fmt::format("expected true or false, got {}", describe(node)));
  return std::nullopt;
}

std::optional<milliseconds> YamlChecks::duration(const YAML::Node& node, const std::string& field,
                                     bool allow_zero) {
  if (!node.IsScalar()) {
    error(node, field, fmt::format("expected a duration like 30s, got {}", describe(node)));
    return std::nullopt;
  }
  const auto parsed = parse_istio_duration(node.Scalar());
  if (const auto* message = std::get_if<std::string>(&parsed)) {
    error(node, field, *message);
    return std::nullopt;
  }
  const auto nanos = std::get<std::chrono::nanoseconds>(parsed);
  if (const std::string problem = check_istio_duration_range(nanos, allow_zero); !problem.empty()) {
    error(node, field, fmt::format("\"{}\": {}", node.Scalar(), problem));
    return std::nullopt;
  }
  return std::chrono::duration_cast<milliseconds>(nanos);
}

}  // namespace rwchaos::harness::istio
