#include "harness/reports/run_report.hpp"

#include <ctime>

#include <fmt/format.h>

namespace rwchaos::harness {
namespace {

nlohmann::json rule_json(const std::optional<Rule>& rule) {
  if (!rule) return nullptr;
  return {{"text", rule->text}, {"level", rule->level}, {"source", rule->source}};
}

std::optional<Rule> rule_from(const nlohmann::json& json) {
  if (!json.is_object()) return std::nullopt;
  return Rule{json.value("text", ""), json.value("level", ""), json.value("source", "")};
}

}  // namespace

const std::vector<std::string>& known_verdicts() {
  static const std::vector<std::string> words = {"pass", "fail", "error", "not_taken"};
  return words;
}

namespace {
bool all_pass(const std::vector<CheckResult>& checks) {
  for (const auto& check : checks)
    if (!check.pass) return false;
  return true;
}
}  // namespace

std::string verdict_of(const std::vector<CheckResult>& checks, const std::vector<CheckResult>& not_taken) {
  if (all_pass(checks)) return "pass";
  if (!not_taken.empty() && all_pass(not_taken)) return "not_taken";
  return "fail";
}

bool verdict_succeeds(const std::string& verdict) { return verdict == "pass" || verdict == "not_taken"; }

std::string iso8601_utc(std::chrono::system_clock::time_point time) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                     utc.tm_hour, utc.tm_min, utc.tm_sec, ms % 1000);
}

std::string client_label(const ReportClient& client) {
  std::string label = client.kind;
  for (std::size_t i = 0; i < client.misbehave.size(); ++i) label += (i == 0 ? ":" : ",") + client.misbehave[i];
  return label;
}

void to_json(nlohmann::json& json, const RunReport& report) {
  json = {
      {"scenario", report.scenario},
      {"file", report.file},
      {"client",
       {{"kind", report.client.kind},
        {"binary", report.client.binary},
        {"version", report.client.version},
        {"misbehave", report.client.misbehave}}},
      {"verdict", report.verdict},
      {"error", report.error},
      {"seed", report.seed},
      {"measured", report.measured},
      {"drained", report.drained},
      {"counts", report.counts},
      {"checks", report.checks},
      {"not_taken", report.not_taken},
      {"rule", rule_json(report.rule)},
      {"artefacts",
       {{"junit", report.artefacts.junit},
        {"summary", report.artefacts.summary},
        {"timeline", report.artefacts.timeline},
        {"logs", report.artefacts.logs}}},
      {"started", report.started},
      {"finished", report.finished},
      {"duration", report.duration},
      {"hop", report.hop},
      {"warnings", report.warnings},
  };
}

nlohmann::json hop_json(const HopSpec& hop) {
  if (hop.kind == "none") return nullptr;
  if (hop.kind == "haproxy") return {{"kind", hop.kind}, {"retries", hop.retries}, {"server_keepalive_ms", hop.server_keepalive.count()}};
  if (hop.kind == "vmauth") {
    nlohmann::json json = {{"kind", hop.kind},
                           {"retry_status_codes", hop.retry_status_codes},
                           {"backends", hop.backends},
                           {"server_keepalive_ms", hop.server_keepalive.count()}};
    if (hop.max_request_body_size_to_retry) json["max_request_body_size_to_retry"] = *hop.max_request_body_size_to_retry;
    return json;
  }
  return {{"kind", hop.kind},
          {"model", "rwchaos sidecar: a model of Envoy as Istio " + hop.istio +
                        " configures it, not Envoy (docs/envoy-semantics.md); the kind environment runs the real one"},
          {"istio", hop.istio},
          {"server_sidecar", hop.server_sidecar},
          {"host", hop.host},
          {"port", hop.port},
          {"namespace", hop.ns},
          {"policies", hop.policies}};
}

void from_json(const nlohmann::json& json, RunReport& report) {
  report.scenario = json.at("scenario").get<std::string>();
  report.file = json.value("file", "");
  const auto client = json.value("client", nlohmann::json::object());
  report.client = {client.value("kind", ""), client.value("binary", ""), client.value("version", ""),
                   client.value("misbehave", std::vector<std::string>{})};
  report.verdict = json.at("verdict").get<std::string>();
  report.error = json.value("error", "");
  report.seed = json.value("seed", std::uint64_t{0});
  // Reports written before the key: only an error run went unmeasured.
  report.measured = json.value("measured", report.verdict != "error");
  report.drained = json.value("drained", false);
  report.counts = json.value("counts", Counts{});
  report.checks = json.value("checks", std::vector<CheckResult>{});
  report.not_taken = json.value("not_taken", std::vector<CheckResult>{});
  report.rule = rule_from(json.value("rule", nlohmann::json()));
  const auto artefacts = json.value("artefacts", nlohmann::json::object());
  report.artefacts = {artefacts.value("junit", ""), artefacts.value("summary", ""), artefacts.value("timeline", ""),
                      artefacts.value("logs", "")};
  report.started = json.value("started", "");
  report.finished = json.value("finished", "");
  report.duration = json.value("duration", 0.0);
  report.hop = json.value("hop", nlohmann::json());
  report.warnings = json.value("warnings", std::vector<std::string>{});
}

}  // namespace rwchaos::harness
