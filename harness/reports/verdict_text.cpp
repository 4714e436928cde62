#include "harness/reports/verdict_text.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

#include <fmt/format.h>

namespace rwchaos::harness {
namespace {

std::string shortened(std::string text, std::size_t limit) {
  if (text.size() <= limit) return text;
  return text.substr(0, limit - 3) + "...";
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

std::string number_text(double value) { return fmt::format("{:g}", value); }

}  // namespace

std::string verdict_label(const std::string& verdict) {
  std::string label = verdict;
  for (char& c : label) c = c == '_' ? ' ' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return label;
}

std::string client_release(const ReportClient& client) {
  // Programs print their version in many forms ("vmagent-20221125-124523-tags-v1.79.5-debian-...",
  // "prometheus, version 2.42.0+ds (branch: ...)"): the first x.y.z names it.
  static const std::regex release(R"(\d+\.\d+\.\d+)");
  std::smatch match;
  if (std::regex_search(client.version, match, release)) return match.str();
  return shortened(client.version, 30);
}

std::string client_title(const ReportClient& client) {
  const std::string label = client_label(client);
  return client.version.empty() ? label : label + " " + client_release(client);
}

std::string run_title(const RunReport& report) {
  return fmt::format("{} · {} · {}", report.scenario, client_title(report.client), verdict_label(report.verdict));
}

std::vector<std::string> decided_by(const RunReport& report) {
  std::vector<std::string> items;
  if (report.rule) items.push_back(shortened(fmt::format("{}: {}", report.rule->level, report.rule->text), 140));
  if (!report.measured) {
    items.push_back(shortened("error: " + first_line(report.error), 140));
    items.push_back("nothing measured");
    return items;
  }
  for (const auto& check : report.checks)
    items.push_back(fmt::format("{} {} (expected {}) {}", check.name, shortened(check.observed.dump(), 40),
                                bound_to_text(check.expected), check.pass ? "✓" : "✗"));
  if (report.checks.empty()) items.push_back("no checks");
  return items;
}

std::string count_text(const RunReport& report, std::string_view count) {
  if (!report.measured) return std::string(not_measured);
  const auto values = count_values(report.counts, count);
  if (!values) return "?";
  const CountKind kind = count_kind(count).value_or(CountKind::integer);
  // A `known` count without a value: the run could not tell it (Counts::unknown says why).
  if (kind == CountKind::known && values->empty()) return "unknown";
  if (kind != CountKind::list) return values->empty() ? "?" : number_text(values->front());
  std::string text;
  for (const double value : *values) text += (text.empty() ? "" : ", ") + number_text(value);
  return "[" + text + "]";
}

}  // namespace rwchaos::harness
