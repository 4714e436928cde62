#include "harness/counts/counts.hpp"

namespace rwchaos::harness {
namespace {

std::vector<double> as_values(std::uint64_t value) { return {static_cast<double>(value)}; }
std::vector<double> as_values(double value) { return {value}; }
std::vector<double> as_values(const std::vector<double>& values) { return values; }
std::vector<double> as_values(const std::optional<std::uint64_t>& value) {
  return value ? std::vector<double>{static_cast<double>(*value)} : std::vector<double>{};
}

template <typename T>
nlohmann::json count_json(const T& value) {
  return value;
}
nlohmann::json count_json(const std::optional<std::uint64_t>& value) { return value ? nlohmann::json(*value) : nullptr; }

template <typename T>
void read_count(const nlohmann::json& json, const char* name, T& value) {
  value = json.value(name, value);
}
void read_count(const nlohmann::json& json, const char* name, std::optional<std::uint64_t>& value) {
  const auto found = json.find(name);
  if (found == json.end()) return;
  value = found->is_null() ? std::nullopt : std::optional<std::uint64_t>(found->get<std::uint64_t>());
}

}  // namespace

void to_json(nlohmann::json& json, const Counts& counts) {
  json = nlohmann::json::object();
#define RWCHAOS_COUNT_TO_JSON(name, kind, meaning) json[#name] = count_json(counts.name);
  RWCHAOS_COUNTS(RWCHAOS_COUNT_TO_JSON)
#undef RWCHAOS_COUNT_TO_JSON
  json["client_metrics_read"] = counts.client_metrics_read;
  json["response_flags"] = counts.response_flags;
  json["client_dropped_unit"] = counts.client_dropped_unit;
  json["unknown"] = counts.unknown;
}

void from_json(const nlohmann::json& json, Counts& counts) {
  counts = Counts{};
#define RWCHAOS_COUNT_FROM_JSON(name, kind, meaning) read_count(json, #name, counts.name);
  RWCHAOS_COUNTS(RWCHAOS_COUNT_FROM_JSON)
#undef RWCHAOS_COUNT_FROM_JSON
  counts.client_metrics_read = json.value("client_metrics_read", false);
  counts.response_flags = json.value("response_flags", std::map<std::string, std::uint64_t>{});
  counts.client_dropped_unit = json.value("client_dropped_unit", "");
  counts.unknown = json.value("unknown", std::map<std::string, std::string>{});
}

std::string known_text(const std::optional<std::uint64_t>& value) {
  return value ? std::to_string(*value) : "unknown";
}

const std::vector<CountKey>& count_keys() {
  static const std::vector<CountKey> keys = {
#define RWCHAOS_COUNT_KEY(name, kind, meaning) \
  {#name, CountKind::kind, meaning, [](const Counts& counts) { return as_values(counts.name); }},
      RWCHAOS_COUNTS(RWCHAOS_COUNT_KEY)
#undef RWCHAOS_COUNT_KEY
  };
  return keys;
}

const CountKey* find_count_key(std::string_view name) {
  for (const auto& key : count_keys())
    if (key.name == name) return &key;
  return nullptr;
}

std::vector<std::string> count_key_names() {
  std::vector<std::string> names;
  for (const auto& key : count_keys()) names.push_back(key.name);
  return names;
}

bool is_response_flag_key(std::string_view name) {
  return name.size() > response_flags_prefix.size() && name.substr(0, response_flags_prefix.size()) == response_flags_prefix;
}

std::optional<std::vector<double>> count_values(const Counts& counts, std::string_view name) {
  if (is_response_flag_key(name)) {
    const auto found = counts.response_flags.find(std::string(name.substr(response_flags_prefix.size())));
    return std::vector<double>{found == counts.response_flags.end() ? 0.0 : static_cast<double>(found->second)};
  }
  const CountKey* key = find_count_key(name);
  if (!key) return std::nullopt;
  return key->values(counts);
}

std::optional<CountKind> count_kind(std::string_view name) {
  if (is_response_flag_key(name)) return CountKind::integer;
  const CountKey* key = find_count_key(name);
  if (!key) return std::nullopt;
  return key->kind;
}

}  // namespace rwchaos::harness
