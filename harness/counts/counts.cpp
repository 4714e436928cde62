#include "harness/counts/counts.hpp"

namespace rwchaos::harness {
namespace {

std::vector<double> as_values(std::uint64_t value) { return {static_cast<double>(value)}; }
std::vector<double> as_values(double value) { return {value}; }
std::vector<double> as_values(const std::vector<double>& values) { return values; }

}  // namespace

void to_json(nlohmann::json& json, const Counts& counts) {
  json = nlohmann::json::object();
#define RWCHAOS_COUNT_TO_JSON(name, kind, meaning) json[#name] = counts.name;
  RWCHAOS_COUNTS(RWCHAOS_COUNT_TO_JSON)
#undef RWCHAOS_COUNT_TO_JSON
  json["client_metrics_read"] = counts.client_metrics_read;
  json["response_flags"] = counts.response_flags;
}

void from_json(const nlohmann::json& json, Counts& counts) {
  const Counts defaults;
#define RWCHAOS_COUNT_FROM_JSON(name, kind, meaning) counts.name = json.value(#name, defaults.name);
  RWCHAOS_COUNTS(RWCHAOS_COUNT_FROM_JSON)
#undef RWCHAOS_COUNT_FROM_JSON
  counts.client_metrics_read = json.value("client_metrics_read", defaults.client_metrics_read);
  counts.response_flags = json.value("response_flags", defaults.response_flags);
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

}  // namespace rwchaos::harness
