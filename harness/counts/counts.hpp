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

// row(name, kind, meaning). Kinds: integer (std::uint64_t, a JSON unsigned), known (an integer that
// may be unknown: std::optional<std::uint64_t>, JSON null, with the reason in Counts::unknown),
// number (double, a JSON float), list (of doubles, a JSON array of floats; a bound applies to every
// element). "Ground-truth samples" are samples of the series the generator produced (docs/scenario.md
// "Counts"): lost, duplicated and recovered count in them, so one bound means one thing for every client.
#define RWCHAOS_COUNTS(row)                                                                                         \
  row(expected_samples, integer, "samples the generator produced (ground truth)")                                  \
  row(stored_samples, integer, "samples of ground-truth metrics found in storage")                                 \
  row(lost, integer, "expected samples not found in storage")                                                      \
  row(duplicated, known, "ground-truth samples the upstream committed more than once")                             \
  row(duplicated_all_series, integer, "samples of any series the upstream committed more than once")               \
  row(stored_duplicates, integer, "extra copies of one (series, timestamp) in storage")                            \
  row(unexpected, integer, "stored samples of ground-truth metrics that were never expected")                      \
  row(recovered, known, "ground-truth samples committed although the client was answered with a fault")            \
  row(recovered_all_series, integer, "samples of any series committed although the client was answered with a fault") \
  row(client_dropped, known, "samples the client reports it dropped (unknown if it counts blocks)")                \
  row(client_dropped_blocks, known, "blocks the client reports it dropped (clients that count blocks)")            \
  row(silent_loss, known, "lost samples the client did not report dropped")                                       \
  row(requests, integer, "remote-write requests the upstream received")                                            \
  row(connections, integer, "distinct connections those requests arrived on")                                     \
  row(retries, integer, "requests that offered a sample (series, timestamp) or a payload offered before")          \
  row(retry_intervals_ms, list, "ms between a retry and the latest earlier attempt of any of its samples")         \
  row(retried_4xx, integer, "retries after a 4xx other than 429")                                                  \
  row(retried_429, integer, "retries after a 429")                                                                 \
  row(retried_5xx, integer, "retries after a 5xx")                                                                 \
  row(retried_no_response, integer, "retries after an attempt that got no complete response")                     \
  row(max_attempts, integer, "most requests that offered one sample")                                              \
  row(backoff_growth, number, "the sample offered most often: its last retry interval / its first")                \
  row(out_of_order, integer, "samples older than their series' newest committed sample")                           \
  row(missing_headers, integer, "requests lacking a required remote-write header or its required value")           \
  row(faults_injected, integer, "requests the upstream answered with a fault, plus connections refused or idle-closed") \
  row(refused_connections, integer, "connections the upstream's refuse reset before any request")                  \
  row(idle_closed_connections, integer, "kept-alive connections the upstream's idle_close closed")                  \
  row(stopped_series, integer, "ground-truth series the generator stopped serving during the run")                 \
  row(stale_marked_series, integer, "stopped series for which a stale marker arrived before the generator froze") \
  row(mesh_replies, integer, "responses the client got that a sidecar generated itself (hop istio)")              \
  row(mesh_retries, integer, "attempts the sidecars re-sent upstream, both sidecars (hop istio)")

namespace rwchaos::harness {

enum class CountKind { integer, known, number, list };

template <CountKind>
struct CountValue;
// Every count starts at zero: a known count is 0, not unknown, until a computation says otherwise.
template <>
struct CountValue<CountKind::integer> {
  using type = std::uint64_t;
  static type zero() { return 0; }
};
template <>
struct CountValue<CountKind::known> {
  using type = std::optional<std::uint64_t>;
  static type zero() { return 0; }
};
template <>
struct CountValue<CountKind::number> {
  using type = double;
  static type zero() { return 0; }
};
template <>
struct CountValue<CountKind::list> {
  using type = std::vector<double>;
  static type zero() { return {}; }
};

struct Counts {
#define RWCHAOS_COUNT_FIELD(name, kind, meaning) CountValue<CountKind::kind>::type name = CountValue<CountKind::kind>::zero();
  RWCHAOS_COUNTS(RWCHAOS_COUNT_FIELD)
#undef RWCHAOS_COUNT_FIELD
  // Not counts (no `expect:` key), but in report.json. client_metrics_read false: the client's own
  // metrics could not be read. client_dropped_unit: what its drop counters count, "samples" or
  // "blocks" ("" when unread). unknown: why a `known` count is null, by count name.
  bool client_metrics_read = false;
  // hop istio: requests per Envoy response flag over both sidecars' access logs ("URX,UC" counts
  // both). A map, so not a row: `expect:` reads it as `response_flags: {UC: 0}`, key "response_flags.UC".
  std::map<std::string, std::uint64_t> response_flags;
  std::string client_dropped_unit;
  std::map<std::string, std::string> unknown;
};

// report.json `counts`: every row under its name, plus client_metrics_read, client_dropped_unit and
// unknown. Reading fills what is absent with its default.
void to_json(nlohmann::json& json, const Counts& counts);
void from_json(const nlohmann::json& json, Counts& counts);

struct CountKey {
  std::string name;
  CountKind kind = CountKind::integer;
  std::string meaning;
  std::vector<double> (*values)(const Counts&) = nullptr;  // one number, every element of a list, none if unknown
};

// A known count for tables a person reads: the number, or "unknown".
std::string known_text(const std::optional<std::uint64_t>& value);

// The rows, in table order.
const std::vector<CountKey>& count_keys();
const CountKey* find_count_key(std::string_view name);
std::vector<std::string> count_key_names();

// "response_flags.UC" style keys: the prefix, and whether `name` is one.
inline constexpr std::string_view response_flags_prefix = "response_flags.";
bool is_response_flag_key(std::string_view name);

// The observed value(s) of a key: one number, every element of a list key, or none for a `known`
// count that is unknown; nullopt for a name that is no count. A response flag key is a number (0
// when the flag was never logged).
std::optional<std::vector<double>> count_values(const Counts& counts, std::string_view name);
// The kind of a key: its row's, integer for a response flag key (no row: a whole number, 0 when not
// seen); nullopt for a name that is no count.
std::optional<CountKind> count_kind(std::string_view name);

}  // namespace rwchaos::harness
