// report.html: every scenario's verdict, checks, timeline and requests in one page that loads
// nothing from anywhere; `rwchaos matrix --html` makes the same page across several runs.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "harness/reports/matrix_command.hpp"
#include "harness/reports/report_html.hpp"
#include "harness/reports/report_json.hpp"
#include "reports_test_support.hpp"
#include "reports_xml_support.hpp"

namespace rwchaos::harness {
namespace {

namespace fs = std::filesystem;

faults::LedgerRecord request(std::uint64_t id, const std::string& hash, int status) {
  faults::LedgerRecord r;
  r.id = id;
  r.conn = 1;
  r.conn_index = id;
  r.hash = hash;
  r.arrival_unix_ms = 1763899200000.0 + 1000.0 * static_cast<double>(id);
  r.status = status;
  r.outcome = faults::Outcome::response;
  r.samples = 3;
  r.committed = true;
  r.fault = status == 503 ? "respond" : "";
  return r;
}

ScenarioResults with_requests(RunReport report) {
  ScenarioResults s;
  s.report = std::move(report);
  s.folder = "uc503-after-commit/";
  s.timeline_svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect class=\"request\" data-request=\"2\"/></svg>\n";
  s.ledger = {request(1, "a", 204), request(2, "b", 503), request(3, "b", 204)};
  return s;
}

TEST(ReportsHtml, OnePageWithSummaryChecksTimelineAndRequests) {
  const std::string html = render_report_html({with_requests(test::passing_report()), with_requests(test::error_report())}, "quickstart");
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("<title>rwchaos · quickstart</title>"), std::string::npos);
  EXPECT_NE(html.find("2 scenario run(s): 1 pass · 1 error."), std::string::npos) << html;
  // The summary table has the summary's columns, and the error's counts are dashes.
  EXPECT_NE(html.find("<th>faults_injected</th>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"number\">—</td>"), std::string::npos);
  EXPECT_NE(html.find("Nothing was measured"), std::string::npos);
  // Each scenario: a section with its verdict, checks, inline timeline, every count, requests.
  EXPECT_EQ(test::count_of(html, "<section id=\"scenario-"), 2u);
  EXPECT_NE(html.find("<h2>uc503-after-commit · vmalert 1.79.5 <span class=\"verdict verdict-pass\">PASS</span></h2>"),
            std::string::npos) << html;
  EXPECT_NE(html.find("<td>retries</td><td>&gt;= 1</td><td>3</td><td class=\"ok\">✓ pass</td>"), std::string::npos) << html;
  EXPECT_EQ(test::count_of(html, "<rect class=\"request\" data-request=\"2\"/>"), 2u);
  EXPECT_NE(html.find("<td>backoff_growth</td>"), std::string::npos);
  EXPECT_NE(html.find("Requests (3, 1 retries)"), std::string::npos) << html;
  EXPECT_NE(html.find("<tr data-request=\"3\"><td class=\"number\">3</td><td>12:00:03.000</td>"), std::string::npos) << html;
  EXPECT_NE(html.find("<td>#2</td></tr>"), std::string::npos) << html;  // request 3 retries request 2
  EXPECT_NE(html.find("href=\"uc503-after-commit/report.json\""), std::string::npos);
}

TEST(ReportsHtml, LoadsNothingFromOutside) {
  RunReport report = test::passing_report();
  report.rule->source = "javascript:alert(1)";  // the author's text, never a link
  const std::string html = render_report_html({with_requests(report)}, "x");
  EXPECT_NE(html.find("Content-Security-Policy\" content=\"default-src 'none';"), std::string::npos);
  for (const char* fetches : {" src=", "<link", "url(", "@import", "href=\"javascript:", "href=\"http"})
    EXPECT_EQ(html.find(fetches), std::string::npos) << fetches;
  EXPECT_NE(html.find("javascript:alert(1)"), std::string::npos);  // shown as text
}

TEST(ReportsHtml, ManyClientsGetAClientByScenarioMatrix) {
  RunReport vmagent = test::failing_report();
  vmagent.scenario = "uc503-after-commit";
  const std::string one = render_report_html({with_requests(test::passing_report())}, "x");
  EXPECT_EQ(one.find("Client × scenario"), std::string::npos);
  const std::string two = render_report_html({with_requests(test::passing_report()), with_requests(vmagent)}, "x");
  EXPECT_NE(two.find("Client × scenario"), std::string::npos);
  EXPECT_NE(two.find("<th>vmalert</th><th>vmagent</th>"), std::string::npos) << two;
  EXPECT_NE(two.find("lost 5 · dup 2 · retries 3 · silent 5"), std::string::npos) << two;
}

TEST(ReportsHtml, TheRequestsTableIsBounded) {
  ScenarioResults s = with_requests(test::passing_report());
  s.ledger.clear();
  for (std::uint64_t i = 1; i <= html_max_request_rows + 5; ++i) s.ledger.push_back(request(i, std::to_string(i), 204));
  const std::string html = render_report_html({s}, "x");
  EXPECT_EQ(test::count_of(html, "<tr data-request="), html_max_request_rows);
  EXPECT_NE(html.find(fmt::format("The first {} of {} requests", html_max_request_rows, html_max_request_rows + 5)),
            std::string::npos);
}

TEST(ReportsHtml, MatrixCommandWritesOnePageForSeveralRuns) {
  const fs::path dir = fs::temp_directory_path() / ("rwchaos-html-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  // Two runs (one per client) in the results layout: RUN/<scenario>/report.json, timeline.svg, ledger.jsonl.
  for (const auto& [client, report] : {std::pair{"vmalert", test::passing_report()}, std::pair{"vmagent", test::failing_report()}}) {
    const fs::path scenario = dir / client / "uc503-after-commit";
    fs::create_directories(scenario);
    write_report_json(report, (scenario / "report.json").string());
    std::ofstream(scenario / "timeline.svg") << "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>" << client << "-timeline</text></svg>\n";
    std::ofstream(scenario / "ledger.jsonl") << nlohmann::json(request(1, "a", 204)).dump() << "\n{cut sh";
  }
  const fs::path page = dir / "report.html";
  ASSERT_EQ(matrix_command({dir.string()}, (dir / "matrix.md").string(), page.string()), 0);
  std::ifstream in(page);
  const std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(html.find("vmalert-timeline"), std::string::npos);
  EXPECT_NE(html.find("vmagent-timeline"), std::string::npos);
  EXPECT_NE(html.find("href=\"vmagent/uc503-after-commit/report.json\""), std::string::npos) << html;
  EXPECT_NE(html.find("1 unreadable line(s) in ledger.jsonl skipped"), std::string::npos);
  EXPECT_NE(html.find("Client × scenario"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace rwchaos::harness
