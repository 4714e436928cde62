// Client output with bytes that are not UTF-8 still ends in a report (a vmalert log line holding a
// raw binary label once made report.json throw json type_error 316 and the run had no report).
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <unistd.h>

#include "harness/clients/client_adapter.hpp"
#include "harness/clients/client_log.hpp"
#include "harness/common/valid_utf8.hpp"
#include "harness/reports/report_json.hpp"
#include "reports_test_support.hpp"

namespace rwchaos::harness {
namespace {

namespace fs = std::filesystem;

const std::string bad = "error: label \xff\xfe value \xc3 and caf\xc3\xa9";

TEST(ValidUtf8, KeepsValidTextAndReplacesEachInvalidByte) {
  EXPECT_EQ(valid_utf8("caf\xc3\xa9 ok"), "caf\xc3\xa9 ok");
  EXPECT_EQ(valid_utf8(bad), "error: label \xef\xbf\xbd\xef\xbf\xbd value \xef\xbf\xbd and caf\xc3\xa9");
  EXPECT_EQ(valid_utf8(""), "");
}

TEST(ValidUtf8, TheClientsFirstErrorLineIsValidUtf8) {
  const fs::path log = fs::temp_directory_path() / ("rwchaos-utf8-" + std::to_string(::getpid()) + ".log");
  std::ofstream(log) << "starting\n" << bad << "\n";
  const ClientAdapter adapter{};
  const std::string line = first_error_line(adapter, log);
  fs::remove(log);
  EXPECT_EQ(line, valid_utf8(bad));
  EXPECT_NO_THROW((void)nlohmann::json(line).dump());
}

TEST(ValidUtf8, AReportWithInvalidBytesIsStillWritten) {
  RunReport report = test::failing_report();
  report.verdict = "error";
  report.error = bad;
  const fs::path path = fs::temp_directory_path() / ("rwchaos-utf8-report-" + std::to_string(::getpid()) + ".json");
  ASSERT_NO_THROW(write_report_json(report, path.string()));
  const RunReport back = read_report_json(path.string());
  fs::remove(path);
  EXPECT_EQ(back.error, valid_utf8(bad));
}

}  // namespace
}  // namespace rwchaos::harness
