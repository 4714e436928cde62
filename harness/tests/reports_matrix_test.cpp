#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>
#include <unistd.h>

#include "harness/reports/matrix.hpp"
#include "harness/reports/matrix_command.hpp"
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

TEST(ReportsMatrix, APipeInANameOrClientIsEscapedSoTheRowKeepsItsColumns) {
  // report.json files are read from disk, so their names are any text.
  RunReport a = test::passing_report();
  a.scenario = "retry|429";
  a.client.kind = "my|sender";
  const std::string md = render_matrix({a});
  EXPECT_NE(md.find("| retry\\|429"), std::string::npos) << md;
  EXPECT_NE(md.find("| my\\|sender"), std::string::npos) << md;
  std::istringstream in(md);
  for (std::string line; std::getline(in, line);) {
    const std::string unescaped = std::regex_replace(line, std::regex(R"(\\\|)"), "");
    EXPECT_EQ(std::count(unescaped.begin(), unescaped.end(), '|'), 4) << line;  // three columns
  }
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST(ReportsMatrix, CommandReadsReportFilesInTheSuitesOrder) {
  const auto dir = std::filesystem::temp_directory_path() / ("rwchaos-matrix-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  // Results folders are named by scenario, so files sort by name; the suite's order is the files'.
  RunReport second = test::passing_report();
  second.scenario = "a-second";
  second.file = "suites/x/02-a.yaml";
  RunReport first = test::failing_report();
  first.scenario = "z-first";
  first.file = "suites/x/01-z.yaml";
  write_report_json(second, (dir / "a.json").string());
  write_report_json(first, (dir / "b.json").string());
  const auto out = dir / "matrix.md";
  ASSERT_EQ(matrix_command({(dir / "a.json").string(), (dir / "b.json").string()}, out.string()), 0);
  const std::string md = std::regex_replace(read_text(out), std::regex(" +\\|"), " |");
  EXPECT_NE(md.find("| vmagent | vmalert |"), std::string::npos) << md;
  EXPECT_LT(md.find("z-first"), md.find("a-second")) << md;
  EXPECT_NE(md.find("**FAIL** · lost 5"), std::string::npos) << md;
  EXPECT_EQ(matrix_command({(dir / "missing.json").string()}, out.string()), 2);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace rwchaos::harness
