#pragma once
// The counts of one run (DESIGN.md "Ledger and checks", docs/scenario.md "Counts") as ONE table: a
// row per count gives its name (= Counts field = report.json key = `expect:` key), its kind and its
// meaning. The struct, its JSON form and the keys `expect:` accepts are all made from the rows, the
// way Envoy's stats macros make a stats struct from one list (envoy/stats/stats_macros.h), so adding a
// count is one row here plus its computation in harness/checks/.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

// row(name, kind, meaning). Kinds: integer (std::uint64_t, a JSON unsigned), number (double, a JSON
// float), list (of doubles, a JSON array of floats; a bound applies to every element).
#define RWCHAOS_COUNTS(row)                                                                                         \
  row(expected_samples, integer, "samples the generator produced (ground truth)")                                  \
  row(stored_samples, integer, "samples of ground-truth metrics found in storage")                                 \
  row(lost, integer, "expected samples not found in storage")                                                      \
  row(duplicated, integer, "samples the upstream committed more than once (ledger)")                               \
  row(stored_duplicates, integer, "extra copies of one (series, timestamp) in storage")                            \
  row(unexpected, integer, "stored samples of ground-truth metrics that were never expected")                      \
  row(recovered, integer, "samples committed although the client was answered with a fault")                      \
  row(client_dropped, integer, "samples the client reports it dropped")                                            \
  row(silent_loss, integer, "lost samples the client did not report dropped")                                      \
  row(requests, integer, "remote-write requests the upstream received")                                            \
  row(connections, integer, "distinct connections those requests arrived on")                                     \
  row(retries, integer, "requests whose payload was seen before")                                                  \
  row(retry_intervals_ms, list, "ms between a retry and the previous attempt of its payload")                      \
  row(retried_4xx, integer, "retries after a 4xx other than 429")                                                  \
  row(retried_429, integer, "retries after a 429")                                                                 \
  row(retried_5xx, integer, "retries after a 5xx")                                                                 \
  row(retried_no_response, integer, "retries after an attempt that got no complete response")                     \
  row(max_attempts, integer, "most attempts of one payload")                                                       \
  row(backoff_growth, number, "longest retry chain: last interval / first interval")                               \
  row(out_of_order, integer, "samples older than their series' newest committed sample")                           \
  row(missing_headers, integer, "requests lacking a required remote-write header")                                 \
  row(faults_injected, integer, "requests the upstream answered with a fault, plus refused connections")          \
  row(refused_connections, integer, "connections the upstream's refuse reset before any request")              \
  row(mesh_replies, integer, "responses the client got that a sidecar generated itself (hop istio)")            \
  row(mesh_retries, integer, "attempts the sidecars re-sent upstream, both sidecars (hop istio)")

namespace rwchaos::harness {

enum class CountKind { integer, number, list };

template <CountKind>
struct CountValue;
template <>
struct CountValue<CountKind::integer> {
  using type = std::uint64_t;
};
template <>
struct CountValue<CountKind::number> {
  using type = double;
};
template <>
struct CountValue<CountKind::list> {
  using type = std::vector<double>;
};

struct Counts {
#define RWCHAOS_COUNT_FIELD(name, kind, meaning) CountValue<CountKind::kind>::type name{};
  RWCHAOS_COUNTS(RWCHAOS_COUNT_FIELD)
#undef RWCHAOS_COUNT_FIELD
  // Not a count (no `expect:` key), but in report.json: false means client_dropped is unknown (0).
  bool client_metrics_read = false;
  // hop istio: requests per Envoy response flag over both sidecars' access logs ("URX,UC" counts
  // both). A map, so not a row: `expect:` reads it as `response_flags: {UC: 0}`, key "response_flags.UC".
  std::map<std::string, std::uint64_t> response_flags;
};

// report.json `counts`: every row under its name, plus client_metrics_read. Reading fills what is
// absent with its default.
void to_json(nlohmann::json& json, const Counts& counts);
void from_json(const nlohmann::json& json, Counts& counts);

struct CountKey {
  std::string name;
  CountKind kind = CountKind::integer;
  std::string meaning;
  std::vector<double> (*values)(const Counts&) = nullptr;  // one number, or every element of a list
};

// The rows, in table order.
const std::vector<CountKey>& count_keys();
const CountKey* find_count_key(std::string_view name);
std::vector<std::string> count_key_names();

// "response_flags.UC" style keys: the prefix, and whether `name` is one.
inline constexpr std::string_view response_flags_prefix = "response_flags.";
bool is_response_flag_key(std::string_view name);

// The observed value(s) of a key: one number, or every element of a list key; empty if unknown.
// A response flag key is a number (0 when the flag was never logged).
std::optional<std::vector<double>> count_values(const Counts& counts, std::string_view name);

}  // namespace rwchaos::harness
