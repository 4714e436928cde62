#include <filesystem>

#include <gtest/gtest.h>
#include <unistd.h>

#include "harness/reports/matrix.hpp"
#include "harness/reports/report_json.hpp"
#include "reports_test_support.hpp"

namespace rwchaos::harness {
namespace {

TEST(ReportsMatrix, ScenarioRowsClientColumnsAndMissingCells) {
  RunReport a = test::passing_report();                // uc503 x vmalert: pass
  RunReport b = test::passing_report();
  b.client.kind = "vmagent";                           // uc503 x vmagent: fail
  b.counts.lost = 4;
  b.checks = {{"lost", 0, 4, false}};
  b.verdict = "fail";
  RunReport c = test::error_report();                  // no-binary x prometheus: error
  const std::string md = render_matrix({a, b, c});
  EXPECT_NE(md.find("| scenario | level | vmalert | vmagent | prometheus |"), std::string::npos) << md;
  EXPECT_NE(md.find("| uc503-after-commit | MUST | pass · lost 0 · dup 2 · retries 3 · silent 0 | **FAIL** · lost 4 · dup 2 · retries 3 · silent 0 | – |"),
            std::string::npos) << md;
  EXPECT_NE(md.find("| no-binary | MUST | – | – | ERROR |"), std::string::npos) << md;
}

TEST(ReportsMatrix, ReadsReportFiles) {
  const auto dir = std::filesystem::temp_directory_path() / ("rwchaos-matrix-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  write_report_json(test::passing_report(), (dir / "a.json").string());
  write_report_json(test::failing_report(), (dir / "b.json").string());
  const std::string md = render_matrix_files({(dir / "a.json").string(), (dir / "b.json").string()});
  EXPECT_NE(md.find("| vmalert | vmagent |"), std::string::npos) << md;
  EXPECT_NE(md.find("**FAIL** · lost 5"), std::string::npos) << md;
  EXPECT_THROW(render_matrix_files({(dir / "missing.json").string()}), std::runtime_error);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace rwchaos::harness
