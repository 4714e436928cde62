// The count table drives the Counts struct, report.json `counts` and the keys `expect:` accepts: every
// row serialises under its name with its kind's JSON type, the JSON form is pinned byte for byte,
// and a scenario's `expect:` takes exactly the table's keys.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "harness/counts/counts.hpp"
#include "harness/scenario/scenario_loader.hpp"

namespace rwchaos::harness {
namespace {

using ::testing::HasSubstr;

nlohmann::json example_value(const CountKey& key) {
  switch (key.kind) {
    case CountKind::integer: return 7;
    case CountKind::known: return 7;
    case CountKind::number: return 2.5;
    case CountKind::list: return nlohmann::json{250.0, 500.5};
  }
  return nullptr;
}

TEST(CountTable, EveryRowSerialisesUnderItsNameAsItsKind) {
  for (const auto& key : count_keys()) {
    SCOPED_TRACE(key.name);
    nlohmann::json in = nlohmann::json::object();
    in[key.name] = example_value(key);
    const Counts counts = in.get<Counts>();
    const nlohmann::json out = counts;
    ASSERT_TRUE(out.contains(key.name));
    EXPECT_EQ(out.at(key.name), example_value(key));
    switch (key.kind) {
      case CountKind::integer: EXPECT_TRUE(out.at(key.name).is_number_unsigned()); break;
      case CountKind::known: EXPECT_TRUE(out.at(key.name).is_number_unsigned()); break;
      case CountKind::number: EXPECT_TRUE(out.at(key.name).is_number_float()); break;
      case CountKind::list: EXPECT_TRUE(out.at(key.name).is_array()); break;
    }
    // The value the checks read is the one serialised.
    const auto values = count_values(counts, key.name);
    ASSERT_TRUE(values.has_value());
    const std::vector<double> expected_values =
        key.kind == CountKind::list ? std::vector<double>{250.0, 500.5} : std::vector<double>{example_value(key).get<double>()};
    EXPECT_EQ(*values, expected_values);
    // Every other row stayed at its default.
    for (const auto& other : count_keys()) {
      if (other.name == key.name) continue;
      EXPECT_EQ(out.at(other.name), nlohmann::json(Counts{}).at(other.name)) << other.name;
    }
  }
}

TEST(CountTable, JsonHoldsTheRowsTheClientFactsAndUnknownAndNothingElse) {
  std::set<std::string> expected;
  for (const auto& key : count_keys()) expected.insert(key.name);
  expected.insert("client_metrics_read");
  expected.insert("client_dropped_unit");
  expected.insert("unknown");
  expected.insert("response_flags");
  const nlohmann::json json = Counts{};
  std::set<std::string> keys;
  for (const auto& [name, value] : json.items()) keys.insert(name);
  EXPECT_EQ(keys, expected);
  EXPECT_EQ(count_keys().size(), 31u);
  for (const auto& key : count_keys()) EXPECT_FALSE(key.meaning.empty()) << key.name;
}

// A known count that is unknown is JSON null, its reason under `unknown`, and no value for a bound.
TEST(CountTable, AnUnknownCountIsNullWithItsReason) {
  Counts c;
  c.silent_loss = std::nullopt;
  c.unknown["silent_loss"] = "why";
  const nlohmann::json json = c;
  EXPECT_TRUE(json.at("silent_loss").is_null());
  EXPECT_EQ(json.at("unknown"), nlohmann::json({{"silent_loss", "why"}}));
  EXPECT_TRUE(count_values(c, "silent_loss")->empty());
  const Counts back = json.get<Counts>();
  EXPECT_EQ(back.silent_loss, std::nullopt);
  EXPECT_EQ(back.unknown, c.unknown);
  EXPECT_EQ(known_text(back.silent_loss), "unknown");
  EXPECT_EQ(known_text(std::optional<std::uint64_t>(3)), "3");
}

// The exact text report.json's `counts` has for these values: a change to it is a change to a
// contract (DESIGN.md "Ledger and checks"), made on purpose and pinned here.
TEST(CountTable, JsonFormIsPinned) {
  Counts c;
  c.expected_samples = 1, c.stored_samples = 2, c.lost = 3, c.duplicated = 4, c.stored_duplicates = 5;
  c.unexpected = 6, c.recovered = 7, c.client_dropped = 8, c.silent_loss = 9, c.requests = 10;
  c.connections = 11, c.retries = 12, c.retry_intervals_ms = {500, 1000.5}, c.retried_4xx = 13;
  c.retried_429 = 14, c.retried_5xx = 15, c.retried_no_response = 16, c.max_attempts = 17;
  c.backoff_growth = 2.5, c.out_of_order = 18, c.missing_headers = 19, c.faults_injected = 20;
  c.refused_connections = 21, c.client_metrics_read = true, c.duplicated_all_series = 22;
  c.recovered_all_series = 23, c.client_dropped_blocks = std::nullopt, c.idle_closed_connections = 24;
  c.stopped_series = 25, c.stale_marked_series = 26, c.client_dropped_unit = "samples";
  c.mesh_replies = 27, c.mesh_retries = 28, c.response_flags = {{"UC", 29}, {"URX", 30}};
  c.unknown["client_dropped_blocks"] = "the client counts dropped samples, not blocks";
  EXPECT_EQ(nlohmann::json(c).dump(),
            R"({"backoff_growth":2.5,"client_dropped":8,"client_dropped_blocks":null,"client_dropped_unit":"samples",)"
            R"("client_metrics_read":true,"connections":11,"duplicated":4,"duplicated_all_series":22,)"
            R"("expected_samples":1,"faults_injected":20,"idle_closed_connections":24,"lost":3,"max_attempts":17,"mesh_replies":27,"mesh_retries":28,)"
            R"("missing_headers":19,"out_of_order":18,"recovered":7,"recovered_all_series":23,)"
            R"("refused_connections":21,"requests":10,"response_flags":{"UC":29,"URX":30},"retried_429":14,"retried_4xx":13,"retried_5xx":15,)"
            R"("retried_no_response":16,"retries":12,"retry_intervals_ms":[500.0,1000.5],"silent_loss":9,)"
            R"("stale_marked_series":26,"stopped_series":25,"stored_duplicates":5,"stored_samples":2,)"
            R"("unexpected":6,"unknown":{"client_dropped_blocks":"the client counts dropped samples, not blocks"}})");
  // Defaults keep their kinds too: a float zero, an empty list and a known 0, not 0, null and null.
  const nlohmann::json zero = Counts{};
  EXPECT_EQ(zero.at("backoff_growth").dump(), "0.0");
  EXPECT_EQ(zero.at("retry_intervals_ms").dump(), "[]");
  EXPECT_EQ(zero.at("lost").dump(), "0");
  EXPECT_EQ(zero.at("silent_loss").dump(), "0");
  EXPECT_EQ(zero.at("client_metrics_read").dump(), "false");
  EXPECT_EQ(zero.at("unknown").dump(), "{}");
  // Read back, every value survives (reports re-read report.json for tables and matrices).
  EXPECT_EQ(nlohmann::json(nlohmann::json(c).get<Counts>()), nlohmann::json(c));
}

std::string scenario_expecting(const std::string& expect_entries) {
  return "name: counts\nclient: vmagent\nexpect:\n" + expect_entries;
}

TEST(CountTable, ExpectAcceptsEveryRow) {
  std::string entries;
  for (const auto& key : count_keys()) entries += "  " + key.name + ": {min: 0}\n";
  const Scenario scenario = load_scenario_text(scenario_expecting(entries), "counts.yaml");
  std::set<std::string> keys;
  for (const auto& [name, bound] : scenario.expect) keys.insert(name);
  std::set<std::string> rows;
  for (const auto& key : count_keys()) rows.insert(key.name);
  EXPECT_EQ(keys, rows);
}

TEST(CountTable, ExpectRefusesWhatIsNotARow) {
  // client_metrics_read is in report.json but is no count; a near miss gets a hint.
  for (const std::string key : {"client_metrics_read", "lsot", "expect"}) {
    SCOPED_TRACE(key);
    try {
      load_scenario_text(scenario_expecting("  " + key + ": 0\n"), "counts.yaml");
      FAIL() << "accepted";
    } catch (const InvalidInput& error) {
      EXPECT_THAT(error.what(), HasSubstr("counts.yaml:4:3"));
      EXPECT_THAT(error.what(), HasSubstr("expect." + key));
    }
  }
}

}  // namespace
}  // namespace rwchaos::harness
