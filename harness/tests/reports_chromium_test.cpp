// report.html in a real browser: Debian's chromium, headless, offline, renders the page with the
// expected text, its script runs to the end, and the console shows no error (no script error, no
// blocked resource). scripts/setup installs chromium; without it these tests are skipped.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "harness/env/kind_tools.hpp"
#include "harness/process/child_process.hpp"
#include "harness/reports/report_html.hpp"
#include "harness/reports/timeline_svg.hpp"
#include "harness/reports/verdict_text.hpp"
#include "reports_test_support.hpp"

namespace rwchaos::harness {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

class Chromium {
 public:
  Chromium() : binary_(find_on_path("chromium")) {
    std::string pattern = (fs::temp_directory_path() / "rwchaos-chromium-XXXXXX").string();
    if (::mkdtemp(pattern.data())) dir_ = pattern;
  }
  ~Chromium() {
    if (!::testing::Test::HasFailure()) fs::remove_all(dir_);
  }
  bool found() const { return !binary_.empty(); }
  const fs::path& dir() const { return dir_; }

  // Runs chromium on `page` with `mode` (--dump-dom, --screenshot=...); its stdout and stderr
  // (console messages with --enable-logging) come back together.
  std::string run(const fs::path& page, const std::vector<std::string>& mode) {
    std::vector<std::string> argv = {binary_, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                     "--disable-component-update", "--disable-sync", "--no-first-run",
                                     "--user-data-dir=" + (dir_ / ("profile-" + std::to_string(++runs_))).string(),
                                     "--enable-logging=stderr", "--v=0"};
    argv.insert(argv.end(), mode.begin(), mode.end());
    argv.push_back("file://" + fs::absolute(page).string());
    const fs::path log = dir_ / ("chromium-" + std::to_string(runs_) + ".out");
    auto child = ChildProcess::start({"chromium", argv, log, dir_, {}});
    const auto deadline = std::chrono::steady_clock::now() + 90s;
    while (child->running() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(50ms);
    EXPECT_FALSE(child->running()) << "chromium still running after 90 s";
    child->stop(2000ms);
    return read_text(log);
  }

 private:
  std::string binary_;
  fs::path dir_;
  int runs_ = 0;
};

// Console lines as chromium logs them: "[...:INFO:CONSOLE(12)] "Uncaught ...", source: ...".
std::vector<std::string> console_lines(const std::string& output) {
  std::vector<std::string> lines;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);)
    if (line.find(":CONSOLE") != std::string::npos) lines.push_back(line);
  return lines;
}

faults::LedgerRecord request(std::uint64_t id, const std::string& hash, double at, int status, bool committed) {
  faults::LedgerRecord r;
  r.id = id;
  r.conn = id;
  r.conn_index = 1;
  r.hash = hash;
  r.arrival_unix_ms = at;
  r.status = status;
  r.outcome = faults::Outcome::response;
  r.fault = status == 503 ? "respond" : "";
  r.samples = 1;
  r.committed = committed;
  return r;
}

// A scenario as the runner writes it: an after-commit 503, its retry, an idle close.
ScenarioResults sample_scenario() {
  ScenarioResults s;
  s.report = test::passing_report();
  s.folder = "uc503-after-commit/";
  const double t0 = 1763899200000.0;
  for (std::uint64_t i = 1; i <= 8; ++i)
    s.ledger.push_back(request(i, "a" + std::to_string(i), t0 + 1000.0 * static_cast<double>(i), i == 3 ? 503 : 204, true));
  s.ledger.push_back(request(9, "a3", t0 + 4000, 204, true));
  TimelineInput timeline;
  timeline.title = run_title(s.report);
  timeline.heading = decided_by(s.report);
  timeline.start_unix_ms = t0;
  timeline.end_unix_ms = t0 + 12000;
  timeline.ledger = s.ledger;
  timeline.connection_faults = {{"idle_close", 2, 1, t0 + 5000}};
  timeline.phases = {{0, "phase 1"}, {8000, "settle"}};
  s.timeline_svg = render_timeline_svg(timeline);
  return s;
}

TEST(ReportsChromium, ReportHtmlRendersWithItsTextAndNoConsoleError) {
  Chromium chromium;
  if (!chromium.found()) GTEST_SKIP() << "chromium not on PATH (scripts/setup installs it)";
  const fs::path page = chromium.dir() / "report.html";
  std::ofstream(page) << render_report_html({sample_scenario(), {test::error_report(), "", "", {}, 0}}, "quickstart");

  const std::string dom = chromium.run(page, {"--dump-dom"});
  // The page script ran to its last statement...
  EXPECT_NE(dom.find("<html lang=\"en\" data-script=\"ok\">"), std::string::npos) << dom.substr(0, 3000);
  // ...the text a person reads is there...
  for (const char* text : {"rwchaos · quickstart", "uc503-after-commit · vmalert 1.79.5", "PASS", "ERROR",
                           "prometheus: binary not found on PATH", "Requests (9, 1 retries)", "first attempt"})
    EXPECT_NE(dom.find(text), std::string::npos) << text;
  // ...and nothing went wrong: no script error, no resource the policy blocked.
  EXPECT_EQ(console_lines(dom), std::vector<std::string>{}) << dom.substr(0, 3000);

  const fs::path png = chromium.dir() / "report.png";
  chromium.run(page, {"--hide-scrollbars", "--window-size=1200,2400", "--screenshot=" + png.string()});
  ASSERT_TRUE(fs::exists(png));
  EXPECT_GT(fs::file_size(png), 20000u);  // a blank page is a few kB
  EXPECT_EQ(read_text(png).substr(1, 3), "PNG");
}

TEST(ReportsChromium, AScriptErrorWouldBeSeen) {
  // The check above can fail: a page whose script throws shows a console line and no marker.
  Chromium chromium;
  if (!chromium.found()) GTEST_SKIP() << "chromium not on PATH (scripts/setup installs it)";
  const fs::path page = chromium.dir() / "broken.html";
  std::ofstream(page) << "<!DOCTYPE html><html><body><p>x</p><script>no_such_function();"
                         "document.documentElement.dataset.script = 'ok';</script></body></html>";
  const std::string dom = chromium.run(page, {"--dump-dom"});
  EXPECT_EQ(dom.find("data-script=\"ok\""), std::string::npos);
  ASSERT_EQ(console_lines(dom).size(), 1u) << dom;
  EXPECT_NE(console_lines(dom)[0].find("no_such_function is not defined"), std::string::npos);
}

}  // namespace
}  // namespace rwchaos::harness
