#include "harness/reports/report_html.hpp"

#include <algorithm>
#include <ctime>
#include <map>

#include <fmt/format.h>

#include "harness/checks/retry_accounting.hpp"
#include "harness/reports/matrix.hpp"
#include "harness/reports/summary_table.hpp"
#include "harness/reports/verdict_text.hpp"
#include "harness/reports/xml_escape.hpp"

namespace rwchaos::harness {
namespace {

constexpr const char* style = R"(
body { font-family: sans-serif; font-size: 14px; margin: 24px; color: #222; max-width: 1300px; }
h1 { font-size: 22px; margin-bottom: 4px; }
h2 { font-size: 18px; margin: 32px 0 6px; border-top: 1px solid #ddd; padding-top: 18px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
table { border-collapse: collapse; margin: 6px 0; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
.verdict { font-weight: bold; padding: 1px 6px; border-radius: 3px; color: white; background: #546e7a; }
.verdict-pass { background: #2e7d32; } .verdict-fail { background: #c62828; } .verdict-error { background: #6d4c41; }
.ok { color: #2e7d32; } .bad { color: #c62828; font-weight: bold; }
.muted { color: #666; } .error { background: #fff3e0; padding: 8px; white-space: pre-wrap; }
.timeline { overflow-x: auto; } tr.picked td { background: #fff59d; }
.matrix td { white-space: nowrap; }  /* a cell reads as one line: verdict and its counts */
)";

// A timeline mark, clicked, opens its scenario's requests and marks the request's row.
constexpr const char* script = R"(
(function () {
  for (const mark of document.querySelectorAll('svg [data-request]')) {
    mark.style.cursor = 'pointer';
    mark.addEventListener('click', function () {
      const section = mark.closest('section');
      const row = section.querySelector('tr[data-request="' + mark.dataset.request + '"]');
      if (!row) return;
      row.closest('details').open = true;
      for (const old of section.querySelectorAll('tr.picked')) old.classList.remove('picked');
      row.classList.add('picked');
      row.scrollIntoView({block: 'center'});
    });
  }
  document.documentElement.dataset.script = 'ok';
})();
)";

std::string e(std::string_view text) { return xml_escape(text); }

std::string verdict_span(const std::string& verdict) {
  return fmt::format("<span class=\"verdict verdict-{}\">{}</span>", e(verdict), e(verdict_label(verdict)));
}

std::string anchor(std::size_t index) { return fmt::format("scenario-{}", index + 1); }

std::string utc_time_of_day(double unix_ms) {
  const auto seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  const int ms = static_cast<int>(unix_ms - static_cast<double>(seconds) * 1000);
  return fmt::format("{:02}:{:02}:{:02}.{:03}", utc.tm_hour, utc.tm_min, utc.tm_sec, std::clamp(ms, 0, 999));
}

// "3 pass · 1 fail · 1 error": each verdict that occurs, in order of first appearance.
std::string totals(const std::vector<ScenarioResults>& scenarios) {
  std::vector<std::pair<std::string, std::size_t>> counted;
  for (const auto& s : scenarios) {
    auto found = std::find_if(counted.begin(), counted.end(), [&](const auto& c) { return c.first == s.report.verdict; });
    if (found == counted.end()) counted.push_back({s.report.verdict, 1});
    else ++found->second;
  }
  std::string text;
  for (const auto& [verdict, n] : counted) text += fmt::format("{}{} {}", text.empty() ? "" : " · ", n, e(verdict));
  return text;
}

std::string matrix_table(const std::vector<ScenarioResults>& scenarios) {
  std::vector<RunReport> reports;
  for (const auto& s : scenarios) reports.push_back(s.report);
  const MatrixLayout layout = matrix_layout(reports);
  if (layout.clients.size() < 2) return "";
  std::string html = "<h2>Client × scenario</h2>\n<table class=\"matrix\">\n<tr><th>scenario</th><th>level</th>";
  for (const auto& client : layout.clients) html += "<th>" + e(client) + "</th>";
  html += "</tr>\n";
  for (const auto& scenario : layout.scenarios) {
    const auto level = layout.level.find(scenario);
    html += fmt::format("<tr><td>{}</td><td>{}</td>", e(scenario), level == layout.level.end() ? "-" : e(level->second));
    for (const auto& client : layout.clients) {
      const auto found = layout.cells.find({scenario, client});
      if (found == layout.cells.end()) {
        html += "<td class=\"muted\">–</td>";
        continue;
      }
      const RunReport& report = reports[found->second];
      html += fmt::format("<td><a href=\"#{}\">{}</a> <span class=\"muted\">{}</span></td>", anchor(found->second),
                          verdict_span(report.verdict), e(matrix_cell_counts(report)));
    }
    html += "</tr>\n";
  }
  return html + "</table>\n";
}

std::string summary_table(const std::vector<ScenarioResults>& scenarios) {
  std::string html = "<h2>Summary</h2>\n<table class=\"summary\">\n<tr>";
  for (const auto& column : summary_columns()) html += "<th>" + e(column) + "</th>";
  html += "</tr>\n";
  const std::size_t verdict_column = 2, first_count = 3, last_count = 3 + summary_counts().size();
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    const auto row = summary_row(scenarios[i].report);
    html += "<tr>";
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c == 0)
        html += fmt::format("<td><a href=\"#{}\">{}</a></td>", anchor(i), e(row[c]));
      else if (c == verdict_column)
        html += "<td>" + verdict_span(scenarios[i].report.verdict) + "</td>";
      else if (c >= first_count && c < last_count)
        html += "<td class=\"number\">" + e(row[c]) + "</td>";
      else
        html += "<td>" + e(row[c]) + "</td>";
    }
    html += "</tr>\n";
  }
  return html + "</table>\n";
}

std::string checks_table(const RunReport& report) {
  if (report.checks.empty()) return "<p class=\"muted\">No checks were evaluated.</p>\n";
  std::string html = "<table class=\"checks\">\n<tr><th>check</th><th>expected</th><th>observed</th><th></th></tr>\n";
  for (const auto& check : report.checks)
    html += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"{}\">{}</td></tr>\n", e(check.name),
                        e(bound_to_text(check.expected)), e(check.observed.dump()), check.pass ? "ok" : "bad",
                        check.pass ? "✓ pass" : "✗ fail");
  return html + "</table>\n";
}

std::string counts_table(const RunReport& report) {
  std::string html = "<details><summary>Every count</summary>\n<table class=\"counts\">\n"
                     "<tr><th>count</th><th>value</th><th>meaning</th></tr>\n";
  for (const auto& key : count_keys())
    html += fmt::format("<tr><td>{}</td><td class=\"number\">{}</td><td>{}</td></tr>\n", e(key.name),
                        e(count_text(report, key.name)), e(key.meaning));
  return html + "</table></details>\n";
}

std::string requests_table(const ScenarioResults& s) {
  const std::map<std::uint64_t, std::uint64_t> previous_of = previous_attempts(s.ledger);
  std::vector<const faults::LedgerRecord*> ordered;
  for (const auto& r : s.ledger) ordered.push_back(&r);
  std::sort(ordered.begin(), ordered.end(), [](auto* a, auto* b) { return a->id < b->id; });
  std::string html = fmt::format("<details class=\"requests\"><summary>Requests ({}, {} retries)</summary>\n",
                                 s.ledger.size(), previous_of.size());
  html += "<table>\n<tr><th>#</th><th>arrived (UTC)</th><th>conn/index</th><th>samples</th><th>fault</th><th>outcome</th>"
          "<th>status</th><th>committed</th><th>retry of</th></tr>\n";
  for (std::size_t i = 0; i < ordered.size() && i < html_max_request_rows; ++i) {
    const auto& r = *ordered[i];
    const auto previous = previous_of.find(r.id);
    html += fmt::format(
        "<tr data-request=\"{}\"><td class=\"number\">{}</td><td>{}</td><td>{}/{}{}</td><td class=\"number\">{}</td><td>{}</td>"
        "<td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
        r.id, r.id, utc_time_of_day(r.arrival_unix_ms), r.conn, r.conn_index, r.reused ? " reused" : "", r.samples,
        e(r.fault.empty() ? "-" : r.fault), e(faults::to_string(r.outcome)), r.status == 0 ? "-" : std::to_string(r.status),
        r.committed ? "yes" : "no", previous == previous_of.end() ? "-" : "#" + std::to_string(previous->second));
  }
  html += "</table>\n";
  if (ordered.size() > html_max_request_rows)
    html += fmt::format("<p class=\"muted\">The first {} of {} requests; ledger.jsonl has them all.</p>\n",
                        html_max_request_rows, ordered.size());
  if (s.unreadable_ledger_lines)
    html += fmt::format("<p class=\"muted\">{} unreadable line(s) in ledger.jsonl skipped.</p>\n", s.unreadable_ledger_lines);
  return html + "</details>\n";
}

std::string scenario_section(const ScenarioResults& s, std::size_t index) {
  const RunReport& r = s.report;
  std::string html = fmt::format("<section id=\"{}\" class=\"scenario\">\n<h2>{} · {} {}</h2>\n", anchor(index), e(r.scenario),
                                 e(client_title(r.client)), verdict_span(r.verdict));
  if (r.rule) {
    // Only a web address becomes a link: the source is the scenario author's text.
    const bool web = r.rule->source.rfind("https://", 0) == 0 || r.rule->source.rfind("http://", 0) == 0;
    html += fmt::format("<p class=\"rule\"><b>{}</b>: {} {}</p>\n", e(r.rule->level), e(r.rule->text),
                        web ? fmt::format("<a href=\"{0}\">{0}</a>", e(r.rule->source)) : e(r.rule->source));
  }
  if (!r.error.empty()) html += "<p class=\"error\">" + e(r.error) + "</p>\n";
  if (!r.measured) html += "<p class=\"muted\">Nothing was measured: the counts below are not a result.</p>\n";
  html += "<h3>Checks</h3>\n" + checks_table(r);
  html += "<h3>Timeline</h3>\n";
  html += s.timeline_svg.empty() ? "<p class=\"muted\">No timeline.svg in this scenario's folder.</p>\n"
                                 : "<div class=\"timeline\">\n" + s.timeline_svg + "</div>\n";
  html += "<h3>Counts and requests</h3>\n" + counts_table(r) + requests_table(s);
  const std::string folder = e(s.folder);
  html += fmt::format("<p class=\"muted\">Files: <a href=\"{0}report.json\">report.json</a> · <a href=\"{0}{1}\">timeline.svg</a> · "
                      "<a href=\"{0}ledger.jsonl\">ledger.jsonl</a> · <a href=\"{0}{2}\">logs/</a> · scenario file {3} · seed {4} · "
                      "{5:.1f} s from {6}</p>\n",
                      folder, e(r.artefacts.timeline), e(r.artefacts.logs), e(r.file), r.seed, r.duration, e(r.started));
  return html + "</section>\n";
}

}  // namespace

std::string render_report_html(const std::vector<ScenarioResults>& scenarios, const std::string& title) {
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  html += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
          "script-src 'unsafe-inline'; img-src data:\">\n";
  html += fmt::format("<title>rwchaos · {}</title>\n<style>{}</style>\n</head>\n<body>\n", e(title), style);
  html += fmt::format("<h1>rwchaos · {}</h1>\n<p>{} scenario run(s): {}.</p>\n", e(title), scenarios.size(), totals(scenarios));
  html += "<p class=\"muted\">Each scenario below shows its checks and a timeline of every request the fault upstream "
          "received; hover a mark for its request, click it to find the request in the table.</p>\n";
  html += matrix_table(scenarios) + summary_table(scenarios);
  for (std::size_t i = 0; i < scenarios.size(); ++i) html += scenario_section(scenarios[i], i);
  return html + "<script>" + script + "</script>\n</body>\n</html>\n";
}

}  // namespace rwchaos::harness
