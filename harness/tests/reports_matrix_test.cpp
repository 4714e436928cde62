#include <filesystem>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>
#include <unistd.h>

#include "harness/reports/matrix.hpp"
#include "harness/reports/report_json.hpp"
#include "harness/reports/text_width.hpp"
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
  std::string md = render_matrix({a, b, c});
  // Cells are padded to line up on a terminal; the Markdown is the same without the padding.
  const std::vector<std::string> lines = [&] {
    std::vector<std::string> out;
    std::istringstream in(md);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }();
  ASSERT_EQ(lines.size(), 4u) << md;
  for (const auto& line : lines) EXPECT_EQ(display_width(line), display_width(lines[0])) << md;
  EXPECT_EQ(lines[1].find_first_not_of("|- "), std::string::npos) << md;
  md = std::regex_replace(md, std::regex(" +\\|"), " |");
  EXPECT_NE(md.find("| scenario | level | vmalert | vmagent | prometheus |"), std::string::npos) << md;
  EXPECT_NE(md.find("| uc503-after-commit | MUST | pass · lost 0 · dup 2 · retries 3 · silent 0 | **FAIL** · lost 4 · dup 2 · retries 3 · silent 0 | – |"),
            std::string::npos) << md;
  // An error measured nothing: a dash, not a 0, in every count.
  EXPECT_NE(md.find("| no-binary | MUST | – | – | **ERROR** · lost — · dup — · retries — · silent — |"), std::string::npos) << md;
}

TEST(ReportsMatrix, ReadsReportFiles) {
  const auto dir = std::filesystem::temp_directory_path() / ("rwchaos-matrix-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  write_report_json(test::passing_report(), (dir / "a.json").string());
  write_report_json(test::failing_report(), (dir / "b.json").string());
  const std::string md = std::regex_replace(
      render_matrix_files({(dir / "a.json").string(), (dir / "b.json").string()}), std::regex(" +\\|"), " |");
  EXPECT_NE(md.find("| vmalert | vmagent |"), std::string::npos) << md;
  EXPECT_NE(md.find("**FAIL** · lost 5"), std::string::npos) << md;
  EXPECT_THROW(render_matrix_files({(dir / "missing.json").string()}), std::runtime_error);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace rwchaos::harness
