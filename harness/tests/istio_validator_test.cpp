// The Istio validator against a corpus of real-looking good and broken files
// (harness/tests/data/istio/): errors must name file:line:col and the field.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "harness/istio/istio_policy.hpp"
#include "harness/istio/istio_schema.hpp"
#include "harness/istio/istio_validator.hpp"

#include <yaml-cpp/yaml.h>

namespace rwchaos::harness {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

const fs::path corpus = fs::path(RWCHAOS_SOURCE_DIR) / "harness/tests/data/istio";

std::string good(const std::string& name) { return (corpus / "good" / name).string(); }
std::string broken(const std::string& name) { return (corpus / "broken" / name).string(); }

struct BrokenCase {
  std::string file;
  std::string where;    // "line:col: field 'F'"
  std::string message;  // part of the message
};

// ctest shows this as the case's name instead of the struct's bytes.
void PrintTo(const BrokenCase& c, std::ostream* os) { *os << c.file << " " << c.where; }

class BrokenIstioFile : public ::testing::TestWithParam<BrokenCase> {};

TEST_P(BrokenIstioFile, ErrorNamesFileLineColumnAndField) {
  const BrokenCase& c = GetParam();
  const std::string path = broken(c.file);
  const auto errors = validate_istio_file(path);
  EXPECT_THAT(errors, Contains(AllOf(HasSubstr(path + ":" + c.where), HasSubstr(c.message))))
      << ::testing::PrintToString(errors);
}

INSTANTIATE_TEST_SUITE_P(
    Corpus, BrokenIstioFile,
    ::testing::Values(
        BrokenCase{"typo-idle-timeout.yaml", "10:9: field 'spec.trafficPolicy.connectionPool.http.idle_timeout'",
                   "did you mean 'idleTimeout'?"},
        BrokenCase{"typo-retry-on.yaml", "10:7: field 'spec.http[0].retries.retyOn'", "did you mean 'retryOn'?"},
        BrokenCase{"bad-retry-token.yaml", "10:16: field 'spec.http[0].retries.retryOn'", "\"rset\" is not a valid"},
        BrokenCase{"bad-retry-token.yaml", "15:16: field 'spec.http[1].retries.retryOn'", "does not trim spaces"},
        BrokenCase{"bad-retry-token.yaml", "20:16: field 'spec.http[2].retries.retryOn'", "empty item"},
        BrokenCase{"bad-retry-token.yaml", "25:16: field 'spec.http[3].retries.retryOn'", "\"599\" is not a valid"},
        BrokenCase{"bad-attempts.yaml", "9:17: field 'spec.http[0].retries.attempts'", "got -1"},
        BrokenCase{"bad-attempts.yaml", "13:7: field 'spec.http[1].retries'", "attempts are set to 0"},
        BrokenCase{"bad-attempts.yaml", "18:17: field 'spec.http[2].retries.attempts'", "expected an integer"},
        BrokenCase{"bad-durations.yaml", "10:22: field 'spec.trafficPolicy.connectionPool.http.idleTimeout'",
                   "has no unit"},
        BrokenCase{"bad-durations.yaml", "12:25: field 'spec.trafficPolicy.connectionPool.tcp.connectTimeout'",
                   "greater than 1ms"},
        BrokenCase{"bad-durations.yaml", "14:17: field 'spec.trafficPolicy.connectionPool.tcp.tcpKeepalive.time'",
                   "is not a duration"},
        BrokenCase{"bad-durations.yaml", "25:22: field 'spec.http[0].retries.perTryTimeout'", "ms precision"},
        BrokenCase{"bad-yaml.yaml", "7:16: YAML:", "end of sequence"},
        BrokenCase{"bad-api-version.yaml", "1:13: field 'apiVersion'", "networking.istio.io/v2"},
        BrokenCase{"missing-host.yaml", "6:3: field 'spec.host'", "missing"},
        BrokenCase{"missing-host.yaml", "9:5: field 'spec.trafficPolicy.connectionpool'", "'connectionPool'"},
        BrokenCase{"typos-below-the-policy.yaml", "11:15: field 'spec.trafficPolicy.loadBalancer.simple'",
                   "expected one of UNSPECIFIED, LEAST_CONN"},
        BrokenCase{"typos-below-the-policy.yaml", "13:7: field 'spec.trafficPolicy.outlierDetection.consecutive5xxError'",
                   "did you mean 'consecutive5xxErrors'?"},
        BrokenCase{"typos-below-the-policy.yaml", "16:27: field 'spec.trafficPolicy.tls.insecureSkipVerify'",
                   "expected true or false"},
        BrokenCase{"typos-below-the-policy.yaml", "27:17: field 'spec.http[0].match[0].port'", "expected an integer"},
        BrokenCase{"typos-below-the-policy.yaml", "29:49: field 'spec.http[0].route[0].destination.prot'",
                   "did you mean 'port'?"},
        BrokenCase{"typos-below-the-policy.yaml", "30:19: field 'spec.http[0].route[0].weight'", "expected an integer"},
        BrokenCase{"dr-without-http-crash.yaml", "12:25: field 'spec.trafficPolicy.connectionPool.tcp.maxConnections'",
                   "got -1"}));

TEST(IstioValidator, EveryBrokenCorpusFileHasAnError) {
  int files = 0;
  for (const auto& entry : fs::directory_iterator(corpus / "broken")) {
    ++files;
    EXPECT_THAT(validate_istio_file(entry.path().string()), Not(IsEmpty())) << entry.path();
  }
  EXPECT_GE(files, 8);
}

TEST(IstioValidator, EveryGoodCorpusFileIsAccepted) {
  int files = 0;
  for (const auto& entry : fs::directory_iterator(corpus / "good")) {
    ++files;
    EXPECT_THAT(validate_istio_file(entry.path().string()), IsEmpty()) << entry.path();
    EXPECT_TRUE(looks_like_istio_file(entry.path().string())) << entry.path();
  }
  EXPECT_GE(files, 5);
}

// The release a good corpus file needs: since-1.2N-* from Istio 1.2N, since-later-* only the newest
// API; every other file every release.
int first_minor(const std::string& name) {
  if (name.rfind("since-later", 0) == 0) return istio::IstioRelease::newest_minor;
  if (name.rfind("since-1.", 0) == 0) return std::stoi(name.substr(8, 2));
  return 0;
}

const std::vector<istio::IstioRelease> releases = {{22}, {23}, {24}, {}};

// I9, I10: a file valid for a release is valid for every later one and refused by earlier ones,
// each refusal naming the release and where the field or token came in.
TEST(IstioValidator, NewerFieldsRefusedForOlderIstio) {
  int files = 0;
  for (const auto& entry : fs::directory_iterator(corpus / "good")) {
    const std::string name = entry.path().filename().string();
    const int needs = first_minor(name);
    files += needs > 0;
    for (const auto release : releases) {
      const auto errors = error_lines(load_istio_policy(entry.path().string(), std::chrono::minutes(1), release));
      if (release.has(needs)) {
        EXPECT_THAT(errors, IsEmpty()) << name << " for " << release.name();
      } else {
        EXPECT_THAT(errors, Not(IsEmpty())) << name << " for " << release.name();
        for (const auto& error : errors)
          EXPECT_THAT(error, AllOf(HasSubstr(release.name()), ::testing::AnyOf(HasSubstr("added in"), HasSubstr("accepts it from"))))
              << name;
      }
    }
  }
  EXPECT_GE(files, 4);
}

TEST(IstioValidator, RetryOnTokensPerVersion) {
  EXPECT_EQ(istio::retry_on_tokens({22}).size(), 14u);
  EXPECT_EQ(istio::retry_on_tokens({23}).size(), 16u);
  EXPECT_EQ(istio::retry_on_tokens({24}), istio::retry_on_tokens({23}));
  EXPECT_EQ(istio::retry_on_tokens({22}).count("reset-before-request"), 0u);
  EXPECT_EQ(istio::retry_on_tokens({22}).count("http3-post-connect-failure"), 0u);
  const std::string path = good("since-1.23-unmatched-preflights.yaml");
  EXPECT_THAT(error_lines(load_istio_policy(path, std::chrono::minutes(1), {22})),
              Contains(AllOf(HasSubstr(path + ":15:18: field 'spec.http[0].retries.retryOn'"),
                             HasSubstr("\"reset-before-request\" is not a valid retryOn policy in Istio 1.22"))));
  EXPECT_THAT(error_lines(load_istio_policy(path, std::chrono::minutes(1), {22})),
              Contains(HasSubstr("\"http3-post-connect-failure\" is not a valid retryOn policy in Istio 1.22")));
  const std::string later = good("since-later-fields.yaml");
  EXPECT_THAT(error_lines(load_istio_policy(later, std::chrono::minutes(1), {24})),
              Contains(AllOf(HasSubstr(later + ":39:9: field 'spec.http[0].retries.backoff'"),
                             HasSubstr("not a field of HTTPRetry in Istio 1.24's API (added in Istio 1.26)"))));
}

// Walks `node` as `message` and records every (message, field) written, for the coverage test.
void fields_written(const YAML::Node& node, std::string_view message, std::set<std::string>& seen) {
  if (!node.IsMap()) return;
  for (const auto& entry : node) {
    const std::string key = entry.first.Scalar();
    const istio::FieldType* type = istio::find_field(message, key);
    if (!type) continue;
    seen.insert(std::string(message) + "." + key);
    std::vector<YAML::Node> values;
    if (type->repeated && entry.second.IsSequence()) for (const auto& item : entry.second) values.push_back(item);
    else if (type->kind == istio::FieldType::Kind::message_map && entry.second.IsMap()) for (const auto& item : entry.second) values.push_back(item.second);
    else values.push_back(entry.second);
    if (type->kind == istio::FieldType::Kind::message || type->kind == istio::FieldType::Kind::message_map)
      for (const auto& value : values) fields_written(value, type->type, seen);
  }
}

// The good corpus writes every field the Istio 1.24 API has, at every depth: the validator is shown
// to accept each of them (EveryGoodCorpusFileIsAccepted), not just the ones rwchaos reads.
TEST(IstioValidator, GoodCorpusCoversEveryFieldOfTheApi) {
  std::set<std::string> seen;
  for (const auto& entry : fs::directory_iterator(corpus / "good"))
    for (const auto& document : YAML::LoadAllFromFile(entry.path().string()))
      if (document.IsMap() && document["kind"] && document["spec"]) fields_written(document["spec"], document["kind"].Scalar(), seen);
  std::vector<std::string> missing;
  std::set<std::string> messages_to_visit = {"DestinationRule", "VirtualService"};
  std::set<std::string> visited;
  while (!messages_to_visit.empty()) {
    const std::string message = *messages_to_visit.begin();
    messages_to_visit.erase(messages_to_visit.begin());
    if (!visited.insert(message).second) continue;
    for (const auto& field : istio::known_fields(message, {24})) {
      if (!seen.count(message + "." + field)) missing.push_back(message + "." + field);
      const istio::FieldType* type = istio::find_field(message, field);
      if (type->kind == istio::FieldType::Kind::message || type->kind == istio::FieldType::Kind::message_map)
        messages_to_visit.insert(std::string(type->type));
    }
  }
  EXPECT_THAT(missing, IsEmpty());
  EXPECT_EQ(visited.size(), 49u);  // the messages reachable from DR and VS in the 1.24 API
}

TEST(IstioValidator, UnreadableFileIsAnErrorNotACrash) {
  const std::string path = (corpus / "no-such-file.yaml").string();
  EXPECT_THAT(validate_istio_file(path), ElementsAre(HasSubstr(path + ": cannot read")));
  EXPECT_FALSE(looks_like_istio_file(path));
}

TEST(IstioValidator, KubernetesManifestWithoutIstioResourcesIsSkippedWithWarnings) {
  const std::string path = (corpus / "other" / "not-istio.yaml").string();
  const IstioPolicy policy = load_istio_policy(path);
  EXPECT_THAT(policy.errors, IsEmpty());
  EXPECT_THAT(policy.warnings, ElementsAre(HasSubstr(path + ":2:7: warning: field 'kind': apps/v1 Deployment is not "
                                                            "an Istio networking resource; skipped"),
                                           HasSubstr(path + ":1:1: warning: no DestinationRule or VirtualService")));
  EXPECT_FALSE(looks_like_istio_file(path));
}

TEST(IstioPolicy, ExtractsRetryPolicyWithStatusCodesSplitOut) {
  const IstioPolicy policy = load_istio_policy(good("vs-retry-reset.yaml"));
  ASSERT_THAT(policy.errors, IsEmpty());
  ASSERT_EQ(policy.retry_policies.size(), 1u);
  const IstioRetryPolicy& retry = policy.retry_policies[0];
  EXPECT_FALSE(retry.istio_default);
  EXPECT_EQ(retry.attempts, 3);
  EXPECT_EQ(retry.per_try_timeout, std::chrono::milliseconds(500));
  EXPECT_THAT(retry.retry_on, ElementsAre("reset", "connect-failure"));
  EXPECT_THAT(retry.retriable_status_codes, ElementsAre(503));
  EXPECT_TRUE(retry.retries_reset_after_send());
  EXPECT_TRUE(retry.retry_remote_localities);
  EXPECT_THAT(retry.hosts, ElementsAre("vminsert"));
  EXPECT_THAT(policy.warnings, IsEmpty());
}

TEST(IstioPolicy, RetryOnWithoutResetWarnsAboutUc) {
  const IstioPolicy policy = load_istio_policy(good("since-1.23-vs-no-reset.yaml"));
  ASSERT_EQ(policy.retry_policies.size(), 1u);
  EXPECT_FALSE(policy.retry_policies[0].retries_reset_after_send());
  EXPECT_THAT(policy.warnings,
              ElementsAre(AllOf(HasSubstr("since-1.23-vs-no-reset.yaml:10:16: warning: field 'spec.http[0].retries.retryOn'"),
                                HasSubstr("Envoy will answer 503 UC instead of retrying an upstream reset before headers"),
                                HasSubstr("'reset-before-request' only covers"))));
}

TEST(IstioPolicy, MissingRetriesMeansIstioDefaultPolicy) {
  const IstioPolicy policy = load_istio_policy(good("multi-doc.yaml"));
  ASSERT_THAT(policy.errors, IsEmpty());
  ASSERT_EQ(policy.retry_policies.size(), 1u);  // the redirect route has no upstream
  const IstioRetryPolicy& retry = policy.retry_policies[0];
  EXPECT_TRUE(retry.istio_default);
  EXPECT_EQ(retry.attempts, 2);
  EXPECT_THAT(retry.retry_on, ElementsAre("connect-failure", "refused-stream", "unavailable", "cancelled",
                                          "retriable-status-codes"));
  EXPECT_FALSE(retry.retries_reset_after_send());
  EXPECT_THAT(policy.warnings, Contains(HasSubstr("Gateway is not checked by rwchaos")));
  EXPECT_THAT(policy.warnings, Contains(HasSubstr("apps/v1 Deployment is not an Istio networking resource")));
}

TEST(IstioPolicy, ConnectionPoolsPerRuleAndSubset) {
  const IstioPolicy policy = load_istio_policy(good("multi-doc.yaml"));
  ASSERT_EQ(policy.connection_pools.size(), 2u);
  EXPECT_EQ(policy.connection_pools[0].effective_idle_timeout(), std::chrono::hours(1));
  EXPECT_THAT(policy.connection_pools[0].where, HasSubstr("spec.trafficPolicy"));
  EXPECT_EQ(policy.connection_pools[1].idle_timeout, std::chrono::seconds(30));
  EXPECT_THAT(policy.connection_pools[1].where, HasSubstr("spec.subsets[0].trafficPolicy"));
  // Only the 1h pool races VictoriaMetrics' 1m keep-alive.
  EXPECT_THAT(policy.warnings, Contains(AllOf(HasSubstr("multi-doc.yaml:11:22: warning"),
                                              HasSubstr("idleTimeout 1h >= the upstream's keep-alive timeout 1m"))));
  EXPECT_THAT(policy.warnings, Not(Contains(HasSubstr("idleTimeout 30s"))));
}

TEST(IstioPolicy, KeepAliveWarningFollowsTheUpstreamTimeout) {
  const IstioPolicy defaults = load_istio_policy(good("dr-idle-below-upstream.yaml"));
  ASSERT_EQ(defaults.connection_pools.size(), 1u);
  const IstioConnectionPool& pool = defaults.connection_pools[0];
  EXPECT_EQ(pool.idle_timeout, std::chrono::seconds(50));
  EXPECT_EQ(pool.connect_timeout, std::chrono::milliseconds(1500));
  EXPECT_EQ(pool.tcp_keepalive_time, std::chrono::seconds(30));
  EXPECT_EQ(pool.tcp_keepalive_probes, 3);
  EXPECT_THAT(defaults.warnings, IsEmpty());

  const IstioPolicy short_upstream = load_istio_policy(good("dr-idle-below-upstream.yaml"), std::chrono::seconds(30));
  EXPECT_THAT(short_upstream.warnings,
              ElementsAre(AllOf(HasSubstr("dr-idle-below-upstream.yaml:12:22: warning"),
                                HasSubstr("idleTimeout 50s >= the upstream's keep-alive timeout 30s"))));
}

TEST(IstioPolicy, AttemptsZeroDisablesRetriesWithWarning) {
  const IstioPolicy policy = load_istio_policy(good("k8s-list.yaml"));
  ASSERT_THAT(policy.errors, IsEmpty());
  ASSERT_EQ(policy.retry_policies.size(), 1u);
  EXPECT_EQ(policy.retry_policies[0].attempts, 0);
  EXPECT_THAT(policy.retry_policies[0].retry_on, IsEmpty());
  EXPECT_THAT(policy.warnings, ElementsAre(HasSubstr("retries are disabled (attempts: 0)")));
}

TEST(IstioPolicy, JsonSummaryCarriesThePolicyUnderTest) {
  const nlohmann::json json = to_json(load_istio_policy(good("vs-retry-reset.yaml")));
  EXPECT_EQ(json["retry_policies"][0]["attempts"], 3);
  EXPECT_EQ(json["retry_policies"][0]["per_try_timeout"], "500ms");
  EXPECT_EQ(json["retry_policies"][0]["retries_reset_after_send"], true);
  EXPECT_TRUE(json["errors"].empty());
}

TEST(IstioSchema, HintIgnoresCaseAndSeparators) {
  const std::set<std::string> known = {"idleTimeout", "maxRetries", "maxRequestsPerConnection"};
  EXPECT_EQ(istio::suggest_field("idle_timeout", known), "idleTimeout");
  EXPECT_EQ(istio::suggest_field("max-retrys", known), "maxRetries");
  EXPECT_EQ(istio::suggest_field("timeout", known), "");
}

}  // namespace
}  // namespace rwchaos::harness
