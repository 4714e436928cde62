#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <unistd.h>

#include "harness/reports/report_json.hpp"
#include "reports_test_support.hpp"

namespace rwchaos::harness {
namespace {

namespace fs = std::filesystem;

TEST(ReportsJson, HasTheContractKeys) {
  const nlohmann::json json = test::failing_report();
  for (const char* key : {"scenario", "client", "verdict", "error", "measured", "counts", "checks", "rule", "artefacts",
                          "started", "finished", "duration"})
    EXPECT_TRUE(json.contains(key)) << key;
  EXPECT_EQ(json["verdict"], "fail");
  EXPECT_EQ(json["client"]["kind"], "vmagent");
  EXPECT_EQ(json["client"]["version"], "v1.79.5");
  EXPECT_EQ(json["counts"]["lost"], 5);
  EXPECT_EQ(json["checks"][1]["name"], "retried_4xx");
  EXPECT_EQ(json["checks"][1]["pass"], false);
  EXPECT_EQ(json["rule"]["level"], "MUST");
  EXPECT_EQ(json["artefacts"]["junit"], "junit.xml");
  EXPECT_EQ(json["artefacts"]["timeline"], "timeline.svg");
  EXPECT_EQ(nlohmann::json(test::passing_report())["verdict"], "pass");
}

// report.json `hop`: each kind with its own settings (a vmauth hop is not reported as the istio model).
TEST(ReportsJson, HopNamesItsKindAndItsOwnSettings) {
  EXPECT_TRUE(hop_json(HopSpec{}).is_null());
  HopSpec vmauth;
  vmauth.kind = "vmauth";
  vmauth.retry_status_codes = {503};
  vmauth.backends = 2;
  const nlohmann::json json = hop_json(vmauth);
  EXPECT_EQ(json["kind"], "vmauth");
  EXPECT_EQ(json["retry_status_codes"], nlohmann::json::array({503}));
  EXPECT_EQ(json["backends"], 2);
  EXPECT_FALSE(json.contains("model"));
  EXPECT_FALSE(json.contains("max_request_body_size_to_retry"));
  vmauth.max_request_body_size_to_retry = 1024;
  EXPECT_EQ(hop_json(vmauth)["max_request_body_size_to_retry"], 1024);
  HopSpec istio;
  istio.kind = "istio";
  EXPECT_NE(hop_json(istio)["model"].get<std::string>().find("not Envoy"), std::string::npos);
}

TEST(ReportsJson, WritesAndReadsBack) {
  const fs::path path = fs::temp_directory_path() / ("rwchaos-report-" + std::to_string(::getpid()) + ".json");
  write_report_json(test::failing_report(), path.string());
  std::ifstream in(path);
  const auto parsed = nlohmann::json::parse(in);  // well-formed JSON on disk
  EXPECT_EQ(parsed["scenario"], "retry-on-400 <&\"'>");
  const RunReport back = read_report_json(path.string());
  EXPECT_EQ(back.scenario, "retry-on-400 <&\"'>");
  EXPECT_EQ(back.counts.retry_intervals_ms, (std::vector<double>{500, 1000, 2000}));
  EXPECT_EQ(back.checks.size(), 3u);
  EXPECT_EQ(back.rule->source, "https://prometheus.io/docs/concepts/remote_write_spec/");
  EXPECT_DOUBLE_EQ(back.duration, 40.5);
  EXPECT_FALSE(fs::exists(path.string() + ".tmp"));
  fs::remove(path);
}

TEST(ReportsJson, AnErrorRunSaysItMeasuredNothingAndKeepsEveryKey) {
  const nlohmann::json error = test::error_report();
  EXPECT_EQ(error["measured"], false);
  // The keys scripts read stay, with the partial (here zero) values, so `counts.lost` still parses.
  EXPECT_TRUE(error["counts"].contains("lost"));
  EXPECT_EQ(nlohmann::json(test::passing_report())["measured"], true);
  const RunReport back = error.get<RunReport>();
  EXPECT_FALSE(back.measured);
  // A report.json written before the key: an error measured nothing, anything else did.
  nlohmann::json old = test::failing_report();
  old.erase("measured");
  EXPECT_TRUE(old.get<RunReport>().measured);
  nlohmann::json old_error = error;
  old_error.erase("measured");
  EXPECT_FALSE(old_error.get<RunReport>().measured);
}

TEST(ReportsJson, ReadingGarbageNamesTheFile) {
  const fs::path path = fs::temp_directory_path() / ("rwchaos-garbage-" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << "{not json";
  try {
    read_report_json(path.string());
    FAIL();
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find(path.string()), std::string::npos);
  }
  fs::remove(path);
  EXPECT_THROW(read_report_json(path.string()), std::runtime_error);
}

TEST(ReportsJson, VerdictAndTimestamps) {
  EXPECT_EQ(verdict_of({}), "pass");
  EXPECT_EQ(verdict_of({{"lost", 0, 0, true}, {"retries", 1, 0, false}}), "fail");
  EXPECT_EQ(iso8601_utc(std::chrono::system_clock::time_point(std::chrono::milliseconds(1763899200123))),
            "2025-11-23T12:00:00.123Z");
}

}  // namespace
}  // namespace rwchaos::harness
