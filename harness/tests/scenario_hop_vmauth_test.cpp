// `hop: vmauth` in a scenario: its keys, read beside haproxy's and istio's from one per-kind key
// table (harness/scenario/hop_section.cpp). Another kind's key names the kinds that take it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "faults/config/located_error.hpp"
#include "harness/scenario/scenario_loader.hpp"

namespace rwchaos::harness {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Scenario load(const std::string& hop) {
  return load_scenario_text("name: s\nclient: {kind: vmalert}\nhop: " + hop + "\nexpect: {lost: 0}\n", "s.yaml");
}

std::string first_error(const std::string& hop) {
  try {
    load(hop);
  } catch (const faults::config::InvalidInput& error) {
    return error.first().to_string();
  }
  return "no error";
}

TEST(ScenarioHopVmauth, EveryKeyIsRead) {
  const Scenario s = load(
      "{kind: vmauth, retry_status_codes: [503, 502], backends: 2, max_request_body_size_to_retry: 1024, "
      "server_keepalive: 5s}");
  EXPECT_EQ(s.hop.kind, "vmauth");
  EXPECT_THAT(s.hop.retry_status_codes, ElementsAre(503, 502));
  EXPECT_EQ(s.hop.backends, 2);
  EXPECT_EQ(s.hop.max_request_body_size_to_retry, 1024u);
  EXPECT_EQ(s.hop.server_keepalive.count(), 5000);
}

TEST(ScenarioHopVmauth, ShorthandTakesTheDefaults) {
  const Scenario s = load("vmauth");
  EXPECT_EQ(s.hop.kind, "vmauth");
  EXPECT_TRUE(s.hop.retry_status_codes.empty());
  EXPECT_EQ(s.hop.backends, 1);
  EXPECT_FALSE(s.hop.max_request_body_size_to_retry.has_value());
}

TEST(ScenarioHopVmauth, AnotherKindsKeyNamesTheKindsThatTakeIt) {
  EXPECT_THAT(first_error("{kind: vmauth, retries: 2}"), HasSubstr("field 'hop.retries': only for kind haproxy"));
  EXPECT_THAT(first_error("{kind: haproxy, backends: 2}"), HasSubstr("field 'hop.backends': only for kind vmauth"));
  EXPECT_THAT(first_error("{kind: istio, host: vminsert, server_keepalive: 5s}"),
              HasSubstr("field 'hop.server_keepalive': only for kind haproxy or vmauth"));
  EXPECT_THAT(first_error("{kind: vmauth, host: vminsert}"), HasSubstr("field 'hop.host': only for kind istio"));
  EXPECT_THAT(first_error("{kind: none, backends: 2}"), HasSubstr("only for a proxy hop (kind is none)"));
}

TEST(ScenarioHopVmauth, BadValuesAreLocated) {
  EXPECT_THAT(first_error("{kind: vmauth, backends: 11}"), HasSubstr("s.yaml:3:"));
  EXPECT_THAT(first_error("{kind: vmauth, backends: 11}"), HasSubstr("field 'hop.backends'"));
  EXPECT_THAT(first_error("{kind: vmauth, retry_status_codes: [99]}"), HasSubstr("field 'hop.retry_status_codes[0]'"));
  EXPECT_THAT(first_error("istio"), HasSubstr("field 'hop': expected one of"));
}

}  // namespace
}  // namespace rwchaos::harness
