#include <gtest/gtest.h>

#include "harness/reports/timeline_svg.hpp"
#include "reports_xml_support.hpp"

namespace rwchaos::harness {
namespace {

faults::LedgerRecord record(std::uint64_t id, const std::string& hash, double at, int status, faults::Outcome outcome,
                            const std::string& fault = "") {
  faults::LedgerRecord r;
  r.id = id;
  r.hash = hash;
  r.arrival_unix_ms = at;
  r.status = status;
  r.outcome = outcome;
  r.fault = fault;
  return r;
}

TEST(ReportsTimeline, RowsFollowTheAnswer) {
  EXPECT_EQ(timeline_row(record(1, "a", 0, 204, faults::Outcome::response)), "2xx");
  EXPECT_EQ(timeline_row(record(1, "a", 0, 429, faults::Outcome::response)), "429");
  EXPECT_EQ(timeline_row(record(1, "a", 0, 400, faults::Outcome::response)), "4xx");
  EXPECT_EQ(timeline_row(record(1, "a", 0, 503, faults::Outcome::response)), "5xx");
  EXPECT_EQ(timeline_row(record(1, "a", 0, 0, faults::Outcome::close_rst)), "no response");
  EXPECT_EQ(timeline_row(record(1, "a", 0, 200, faults::Outcome::truncated)), "no response");
}

TEST(ReportsTimeline, DrawsEveryRequestRetriesAndPhases) {
  TimelineInput input;
  input.title = "uc503 <vmalert>";
  input.start_unix_ms = 1000;
  input.end_unix_ms = 31000;
  input.ledger = {record(1, "a", 2000, 204, faults::Outcome::response), record(2, "b", 3000, 503, faults::Outcome::response, "respond"),
                  record(3, "b", 3500, 204, faults::Outcome::response), record(4, "c", 4000, 0, faults::Outcome::close_rst, "close_before_headers")};
  input.phases = {{0, "phase 1"}, {20000, "phase 2 & settle"}};
  const std::string svg = render_timeline_svg(input);
  EXPECT_EQ(test::xml_problem(svg), "") << svg;
  EXPECT_EQ(test::count_of(svg, "class=\"request\""), 4u);
  EXPECT_EQ(test::count_of(svg, "stroke=\"black\""), 1u);  // request 3 retries request 2's payload
  EXPECT_EQ(test::count_of(svg, "class=\"phase\""), 2u);
  EXPECT_NE(svg.find("phase 2 &amp; settle"), std::string::npos);
  EXPECT_NE(svg.find("uc503 &lt;vmalert&gt;"), std::string::npos);
  EXPECT_NE(svg.find("fault respond"), std::string::npos);
  EXPECT_NE(svg.find("#3 conn 0/0 status 204 outcome response fault none samples 0 RETRY"), std::string::npos) << svg;
}

TEST(ReportsTimeline, EmptyLedgerStillRenders) {
  const std::string svg = render_timeline_svg(TimelineInput{});
  EXPECT_EQ(test::xml_problem(svg), "");
  EXPECT_EQ(test::count_of(svg, "class=\"request\""), 0u);
  EXPECT_NE(svg.find("0 requests"), std::string::npos);
}

}  // namespace
}  // namespace rwchaos::harness
