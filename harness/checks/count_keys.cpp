#include "harness/checks/count_keys.hpp"

namespace rwchaos::harness {

const std::vector<CountKey>& count_keys() {
  static const std::vector<CountKey> keys = {
      {"expected_samples", false, "samples the generator produced (ground truth)"},
      {"stored_samples", false, "samples of ground-truth metrics found in storage"},
      {"lost", false, "expected samples not found in storage"},
      {"duplicated", false, "samples the upstream committed more than once (ledger)"},
      {"stored_duplicates", false, "extra copies of one (series, timestamp) in storage"},
      {"unexpected", false, "stored samples of ground-truth metrics that were never expected"},
      {"recovered", false, "samples committed although the client was answered with a fault"},
      {"client_dropped", false, "samples the client reports it dropped"},
      {"silent_loss", false, "lost samples the client did not report dropped"},
      {"requests", false, "remote-write requests the upstream received"},
      {"connections", false, "distinct connections those requests arrived on"},
      {"retries", false, "requests whose payload was seen before"},
      {"retry_intervals_ms", true, "ms between a retry and the previous attempt of its payload"},
      {"retried_4xx", false, "retries after a 4xx other than 429"},
      {"retried_429", false, "retries after a 429"},
      {"retried_5xx", false, "retries after a 5xx"},
      {"retried_no_response", false, "retries after an attempt that got no complete response"},
      {"max_attempts", false, "most attempts of one payload"},
      {"backoff_growth", false, "longest retry chain: last interval / first interval"},
      {"out_of_order", false, "samples older than their series' newest committed sample"},
      {"missing_headers", false, "requests lacking a required remote-write header"},
      {"faults_injected", false, "requests the upstream answered with a fault, plus refused connections"},
      {"refused_connections", false, "connections the upstream's refuse reset before any request"},
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

std::optional<std::vector<double>> count_values(const Counts& counts, std::string_view name) {
  if (!find_count_key(name)) return std::nullopt;
  // The JSON form holds every count under its key; read it from there so the two never disagree.
  const nlohmann::json json = counts;
  const auto& value = json.at(std::string(name));
  if (value.is_array()) return value.get<std::vector<double>>();
  return std::vector<double>{value.get<double>()};
}

}  // namespace rwchaos::harness
