#include <regex>

#include <gtest/gtest.h>

#include "harness/reports/timeline_lanes.hpp"
#include "harness/reports/timeline_svg.hpp"
#include "reports_xml_support.hpp"

namespace rwchaos::harness {
namespace {

faults::LedgerRecord record(std::uint64_t id, const std::string& hash, double at, int status, faults::Outcome outcome,
                            const std::string& fault = "", bool committed = false) {
  faults::LedgerRecord r;
  r.id = id;
  r.conn = id;
  r.hash = hash;
  r.arrival_unix_ms = at;
  r.status = status;
  r.outcome = outcome;
  r.fault = fault;
  r.committed = committed;
  return r;
}

struct Box {
  double x, y, width, height;
};

// Every element with this class: its rectangle (rects only).
std::vector<Box> boxes(const std::string& svg, const std::string& css_class) {
  static const std::regex rect(R"re(<rect class="([^"]*)"[^>]* x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)")re");
  std::vector<Box> found;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), rect); it != std::sregex_iterator(); ++it) {
    const std::string classes = (*it)[1].str();
    if ((" " + classes + " ").find(" " + css_class + " ") == std::string::npos) continue;
    found.push_back({std::stod((*it)[2]), std::stod((*it)[3]), std::stod((*it)[4]), std::stod((*it)[5])});
  }
  return found;
}

bool overlap(const Box& a, const Box& b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

TEST(ReportsTimeline, RowsFollowTheAnswer) {
  EXPECT_EQ(timeline_row(record(1, "a", 0, 204, faults::Outcome::response)), "2xx");
  EXPECT_EQ(timeline_row(record(1, "a", 0, 429, faults::Outcome::response)), "429");
  EXPECT_EQ(timeline_row(record(1, "a", 0, 400, faults::Outcome::response)), "4xx");
  EXPECT_EQ(timeline_row(record(1, "a", 0, 503, faults::Outcome::response)), "5xx");
  EXPECT_EQ(timeline_row(record(1, "a", 0, 0, faults::Outcome::close_rst)), "no response");
  EXPECT_EQ(timeline_row(record(1, "a", 0, 200, faults::Outcome::truncated)), "no response");
}

TEST(ReportsTimeline, DrawsEveryRequestRetriesCommitsAndPhases) {
  TimelineInput input;
  input.title = "uc503 <vmalert>";
  input.heading = {"lost 0 (expected 0) ✓", "retries 1 (expected >= 1) ✓"};
  input.start_unix_ms = 1000;
  input.end_unix_ms = 31000;
  input.ledger = {record(1, "a", 2000, 204, faults::Outcome::response, "", true),
                  record(2, "b", 3000, 503, faults::Outcome::response, "respond", true),
                  record(3, "b", 3500, 204, faults::Outcome::response, "", true),
                  record(4, "c", 4000, 0, faults::Outcome::close_rst, "close_before_headers")};
  input.phases = {{0, "phase 1"}, {20000, "phase 2 & more"}};
  const std::string svg = render_timeline_svg(input);
  EXPECT_EQ(test::xml_problem(svg), "") << svg;
  EXPECT_EQ(boxes(svg, "request").size(), 4u);
  // The retry (request 3 re-sends 2's payload) is hollow, outlined in its row's colour, not black
  // on red, and an arc ties it to its previous attempt.
  const auto retries = boxes(svg, "retry");
  ASSERT_EQ(retries.size(), 1u);
  EXPECT_NE(svg.find("class=\"request retry\" data-request=\"3\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("fill=\"white\" stroke=\"#2e7d32\" stroke-width=\"2\""), std::string::npos) << svg;
  EXPECT_EQ(test::count_of(svg, "stroke=\"black\""), 0u);
  EXPECT_EQ(test::count_of(svg, "class=\"retry-link\""), 1u);
  // Committed or not: the 503 after commit has its dot, the reset (nothing stored) has none.
  EXPECT_EQ(test::count_of(svg, "class=\"committed\""), 3u);
  EXPECT_EQ(test::count_of(svg, "class=\"phase\""), 2u);
  EXPECT_EQ(test::count_of(svg, "class=\"band\""), 2u);
  EXPECT_NE(svg.find("phase 2 &amp; more"), std::string::npos);
  EXPECT_NE(svg.find("uc503 &lt;vmalert&gt;"), std::string::npos);
  EXPECT_NE(svg.find("lost 0 (expected 0) ✓ · retries 1 (expected &gt;= 1) ✓"), std::string::npos) << svg;
  EXPECT_NE(svg.find("fault respond"), std::string::npos);
  EXPECT_NE(svg.find("#3 conn 3/0 status 204 outcome response fault none samples 0 committed RETRY"), std::string::npos) << svg;
  // A legend says what the shapes mean.
  for (const char* meaning : {"first attempt", "retry (samples or payload offered before)", "committed to storage",
                              "connection closed by a fault", "phase start"})
    EXPECT_NE(svg.find(meaning), std::string::npos) << meaning;
}

TEST(ReportsTimeline, SimultaneousRequestsAreStackedNeverCovered) {
  // 22 requests within 10 ms (a burst after a fault), over a minute: 22 marks, none covering another.
  TimelineInput input;
  input.start_unix_ms = 0;
  input.end_unix_ms = 60000;
  for (std::uint64_t i = 1; i <= 22; ++i)
    input.ledger.push_back(record(i, "a" + std::to_string(i), 30000 + static_cast<double>(i % 5), 204,
                                  faults::Outcome::response, "", true));
  const std::string svg = render_timeline_svg(input);
  EXPECT_EQ(test::xml_problem(svg), "");
  const auto marks = boxes(svg, "request");
  ASSERT_EQ(marks.size(), 22u);
  for (std::size_t a = 0; a < marks.size(); ++a)
    for (std::size_t b = a + 1; b < marks.size(); ++b)
      EXPECT_FALSE(overlap(marks[a], marks[b])) << "marks " << a << " and " << b << " overlap";
  EXPECT_EQ(svg.find("too crowded"), std::string::npos);
}

TEST(ReportsTimeline, LanesAreReusedOnceFarEnoughAndBounded) {
  LanePacker packer(7, 3);
  EXPECT_EQ(packer.place(10), 0u);
  EXPECT_EQ(packer.place(12), 1u);
  EXPECT_EQ(packer.place(17), 0u);  // 7 px right of lane 0's last mark
  EXPECT_EQ(packer.place(18), 2u);
  EXPECT_EQ(packer.place(19), 1u);  // 7 px right of lane 1's
  EXPECT_EQ(packer.place(20), 2u);  // no lane free, three used: the last one, counted as covering another
  EXPECT_EQ(packer.lanes(), 3u);
  EXPECT_EQ(packer.crowded(), 1u);
}

TEST(ReportsTimeline, SettleLabelAtTheRightEdgeStaysInside) {
  TimelineInput input;
  input.start_unix_ms = 1000;
  input.end_unix_ms = 11000;
  input.ledger = {record(1, "a", 2000, 204, faults::Outcome::response)};
  input.phases = {{0, "phase 1"}, {9990, "settle"}};
  const std::string svg = render_timeline_svg(input);
  static const std::regex label(R"re(<text class="phase-label" x="([\d.]+)" y="[\d.]+" fill="[^"]+"( text-anchor="end")?>settle<)re");
  std::smatch match;
  ASSERT_TRUE(std::regex_search(svg, match, label)) << svg;
  // Anchored at its end, at most 1000 px: no glyph past the image's edge.
  EXPECT_TRUE(match[2].matched) << svg;
  EXPECT_LE(std::stod(match[1]), 1000);
}

TEST(ReportsTimeline, IdleClosesAndRefusalsAreDrawnOnTheirOwnRow) {
  TimelineInput input;
  input.start_unix_ms = 1000;
  input.end_unix_ms = 11000;
  input.ledger = {record(1, "a", 2000, 204, faults::Outcome::response)};
  input.connection_faults = {{"idle_close", 1, 1, 4000}, {"refuse", 2, 0, 5000}};
  const std::string svg = render_timeline_svg(input);
  EXPECT_EQ(test::xml_problem(svg), "") << svg;
  EXPECT_EQ(test::count_of(svg, "class=\"connection-fault\""), 2u);
  EXPECT_NE(svg.find(">connection faults<"), std::string::npos);
  EXPECT_NE(svg.find("idle_close conn 1 after 1 request(s) at +3.000s"), std::string::npos) << svg;
  // Without any, no empty row.
  input.connection_faults.clear();
  EXPECT_EQ(render_timeline_svg(input).find(">connection faults<"), std::string::npos);
}

TEST(ReportsTimeline, EmptyLedgerStillRenders) {
  const std::string svg = render_timeline_svg(TimelineInput{});
  EXPECT_EQ(test::xml_problem(svg), "");
  EXPECT_EQ(boxes(svg, "request").size(), 0u);
  EXPECT_NE(svg.find("0 requests"), std::string::npos);
}

}  // namespace
}  // namespace rwchaos::harness
