// The hop istio counts from the two access logs: mesh_replies joins them on x-request-id,
// response_flags counts each flag of each line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/checks/compute_counts.hpp"
#include "harness/checks/mesh_accounting.hpp"

namespace rwchaos::harness {
namespace {

// Istio's default format (spec §7 field order), as the sidecars write it.
std::string line(const std::string& time, int code, const std::string& flags, const std::string& details,
                 const std::string& id) {
  return "[" + time + "] \"POST /api/v1/write HTTP/1.1\" " + std::to_string(code) + " " + flags + " " + details +
         " - \"-\" 1432 " + (code == 503 ? "95" : "0") + " 3 - \"-\" \"vmalert/v1.79.5\" \"" + id +
         "\" \"127.0.0.1:15001\" \"127.0.0.1:8480\" inbound|8480|| 127.0.0.1:40000 127.0.0.1:15006 "
         "127.0.0.1:51000 - default";
}

AccessLogLine parsed(const std::string& text) {
  const auto out = parse_access_log_line(text);
  EXPECT_TRUE(out) << text;
  return out.value_or(AccessLogLine{});
}

TEST(AccessLogLine, ParsesTheFieldsTheCountsUse) {
  const AccessLogLine l = parsed(line("2026-11-30T05:00:01.250Z", 503, "URX,UC",
                                      "upstream_reset_before_response_started{connection_termination}", "abc-1"));
  EXPECT_EQ(l.start_unix_ms, 1796014801250);
  EXPECT_EQ(l.code, 503);
  EXPECT_EQ(l.flags, "URX,UC");
  EXPECT_EQ(l.request_id, "abc-1");
  EXPECT_TRUE(l.local_reply());
  EXPECT_THAT(l.flag_list(), ::testing::ElementsAre("URX", "UC"));
  EXPECT_FALSE(parsed(line("2026-11-30T05:00:01.250Z", 204, "-", "via_upstream", "x")).local_reply());
  EXPECT_FALSE(parsed(line("2026-11-30T05:00:01.250Z", 200, "UPE",
                           "upstream_reset_after_response_started{protocol_error}", "x")).local_reply());
  EXPECT_FALSE(parse_access_log_line("not an access log line"));
}

MeshObservations logs(std::vector<std::string> outbound, std::vector<std::string> inbound) {
  MeshObservations mesh;
  mesh.present = true;
  for (const auto& text : outbound) mesh.outbound.push_back(parsed(text));
  for (const auto& text : inbound) mesh.inbound.push_back(parsed(text));
  return mesh;
}

const std::string t = "2026-11-30T05:00:01.000Z";
const std::string uc = "upstream_reset_before_response_started{connection_termination}";

TEST(MeshCounts, AnInboundReplyRelayedToTheClientIsAMeshReply) {
  const MeshCounts counts = mesh_counts(logs({line(t, 503, "-", "via_upstream", "a"), line(t, 204, "-", "via_upstream", "b")},
                                             {line(t, 503, "UC", uc, "a"), line(t, 204, "-", "via_upstream", "b")}));
  EXPECT_EQ(counts.reply_lines.size(), 1u);
  EXPECT_EQ(counts.response_flags.at("UC"), 1u);
  EXPECT_EQ(counts.response_flags.size(), 1u);
}

TEST(MeshCounts, AnInboundReplyTheOutboundRetriedAwayIsNotOne) {
  // 1.23: the outbound retried the 503; the inbound's last line for "a" is the 204 the client got.
  const MeshCounts counts = mesh_counts(logs({line(t, 204, "-", "via_upstream", "a")},
                                             {line(t, 503, "UC", uc, "a"), line(t, 204, "-", "via_upstream", "a")}));
  EXPECT_EQ(counts.reply_lines.size(), 0u);
  EXPECT_EQ(counts.response_flags.at("UC"), 1u);
  EXPECT_EQ(counts.outbound_retry_lines.size(), 1u);
}

TEST(MeshCounts, AnOutboundLocalReplyCountsAndEveryFlagOfALineCounts) {
  const MeshCounts counts = mesh_counts(logs({line(t, 503, "URX,UC", uc, "a"), line(t, 503, "UF", "x", "b")}, {}));
  EXPECT_EQ(counts.reply_lines.size(), 2u);
  EXPECT_EQ(counts.response_flags.at("URX"), 1u);
  EXPECT_EQ(counts.response_flags.at("UC"), 1u);
  EXPECT_EQ(counts.response_flags.at("UF"), 1u);
}

TEST(MeshCounts, ComputeCountsFillsTheRowsOnlyWithTheHop) {
  Observations observations;
  observations.mesh = logs({line(t, 503, "UC", uc, "a")}, {});
  observations.mesh.retries = 4;
  const Counts counts = compute_counts(observations);
  EXPECT_EQ(counts.mesh_replies, 1u);
  EXPECT_EQ(counts.mesh_retries, 4u);
  EXPECT_EQ(counts.response_flags.at("UC"), 1u);
  EXPECT_EQ(compute_counts(Observations{}).mesh_replies, 0u);
}

}  // namespace
}  // namespace rwchaos::harness
