#include "harness/reports/junit_xml.hpp"

#include <fmt/format.h>

#include "harness/reports/xml_escape.hpp"

namespace rwchaos::harness {
namespace {

std::string failed_checks_text(const RunReport& report, std::size_t& failed) {
  std::string text;
  failed = 0;
  for (const auto& check : report.checks) {
    if (check.pass) continue;
    ++failed;
    text += fmt::format("{}: expected {}, observed {}\n", check.name, bound_to_text(check.expected), check.observed.dump());
  }
  return text;
}

// "MAY rule not taken: retried_429 = 0, lost = 3, silent_loss = 0"
std::string not_taken_text(const RunReport& report) {
  std::string text = "MAY rule not taken:";
  for (std::size_t i = 0; i < report.not_taken.size(); ++i)
    text += fmt::format("{} {} = {}", i ? "," : "", report.not_taken[i].name, report.not_taken[i].observed.dump());
  return text;
}

std::string testcase(const RunReport& report) {
  std::string xml = fmt::format("    <testcase name=\"{}\" classname=\"rwchaos.{}\" time=\"{:.3f}\">\n",
                                xml_escape(report.scenario), xml_escape(report.client.kind.empty() ? "client" : client_label(report.client)),
                                report.duration);
  if (report.verdict == "error") {
    xml += fmt::format("      <error message=\"{}\" type=\"error\">{}</error>\n", xml_escape(report.error), xml_escape(report.error));
  } else if (report.verdict == "not_taken") {
    xml += fmt::format("      <skipped message=\"{}\"/>\n", xml_escape(not_taken_text(report)));
  } else if (report.verdict != "pass") {
    std::size_t failed = 0;
    const std::string details = failed_checks_text(report, failed);
    xml += fmt::format("      <failure message=\"{} of {} checks failed\" type=\"check\">{}</failure>\n", failed,
                       report.checks.size(), xml_escape(details));
  }
  std::string out;
  if (report.rule) out += fmt::format("rule ({}): {} {}\n", report.rule->level, report.rule->text, report.rule->source);
  out += report.measured ? "counts: " + nlohmann::json(report.counts).dump() + "\n"
                         : "counts: not measured (collected after the error: " + nlohmann::json(report.counts).dump() + ")\n";
  if (report.hop.is_object() && report.hop.contains("model")) out += "hop: " + report.hop["model"].get<std::string>() + "\n";
  for (const auto& warning : report.warnings) out += "warning: " + warning + "\n";
  xml += "      <system-out>" + xml_escape(out) + "</system-out>\n";
  return xml + "    </testcase>\n";
}

}  // namespace

std::string render_junit(const std::vector<RunReport>& reports, const std::string& suite_name) {
  std::size_t failures = 0, errors = 0, skipped = 0;
  double time = 0;
  for (const auto& report : reports) {
    failures += report.verdict == "fail";
    errors += report.verdict == "error";
    skipped += report.verdict == "not_taken";
    time += report.duration;
  }
  const std::string timestamp = reports.empty() ? "" : reports.front().started;
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += fmt::format(
      "<testsuites name=\"rwchaos\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{:.3f}\">\n",
      reports.size(), failures, errors, skipped, time);
  xml += fmt::format(
      "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{:.3f}\" timestamp=\"{}\">\n",
      xml_escape(suite_name), reports.size(), failures, errors, skipped, time, xml_escape(timestamp));
  for (const auto& report : reports) xml += testcase(report);
  return xml + "  </testsuite>\n</testsuites>\n";
}

}  // namespace rwchaos::harness
