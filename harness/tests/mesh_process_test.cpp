// `rwchaos sidecar` as a process: its admin listener, a clean stop on SIGTERM with every log line
// written, and no sidecar outliving its parent.
#include <signal.h>

#include "harness/process/http_client.hpp"
#include "harness/tests/env_process_probe.hpp"
#include "harness/tests/mesh_support.hpp"

namespace rwchaos::harness::mesh_test {
namespace {

TEST(SidecarProcess, AdminAnswersReadyAndStats) {
  Hop hop("process-admin", "");
  EXPECT_EQ(status_of(hop.post(one_sample_body)), 204);
  const HttpAnswer ready = http_get(hop.sidecar().admin_url() + "/ready");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.body, "LIVE\n");
  EXPECT_EQ(http_get(hop.sidecar().admin_url() + "/nothing").status, 404);
  const auto stats = hop.wait_stat("downstream_rq_total", 1);
  EXPECT_EQ(stats, 1u);
  const auto json = hop.sidecar().stats();
  EXPECT_EQ(json["role"], "outbound");
  EXPECT_EQ(json["istio"], "1.24");
  EXPECT_EQ(json["responses_by_code"]["204"], 1);
  EXPECT_EQ(json["local_replies"], 0);
  EXPECT_EQ(json["upstream_cx_total"], 1);
  EXPECT_EQ(json["upstream_cx_idle"], 1);
  for (const char* key : {"local_replies_by_flag", "response_flags", "upstream_rq_retry", "retry_backoffs_ms",
                          "upstream_rq_reused", "upstream_cx_destroy"})
    EXPECT_TRUE(json.contains(key)) << key;
}

TEST(SidecarProcess, ExitsCleanlyOnSigtermWithItsLogWritten) {
  Hop hop("process-sigterm", "faults: [{action: close_before_headers}]");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(status_of(hop.post(one_sample_body)), 503);
  EXPECT_EQ(hop.sidecar().process().stop(), 0);
  std::ifstream in(hop.dir() / "sidecar-access.log");
  int lines = 0;
  for (std::string line; std::getline(in, line);) lines += line.find(" 503 UC ") != std::string::npos;
  EXPECT_EQ(lines, 3);
}

TEST(SidecarProcess, DiesWithItsParent) {
  // A parent that is not the harness (a shell) starts the sidecar and is then killed: the sidecar
  // asked for SIGTERM on its parent's death, so it stops too.
  Hop hop("process-parent", "");
  const auto dir = hop.dir();
  std::ofstream(dir / "orphan.json") << nlohmann::json{{"upstream", hop.upstream_address()}}.dump();
  auto shell = ChildProcess::start(
      {"shell",
       {"/bin/sh", "-c", "\"$0\" sidecar --config \"$1\" --ready-file \"$2\" & echo $! > \"$3\"; wait", RWCHAOS_BINARY,
        (dir / "orphan.json").string(), (dir / "orphan.ready").string(), (dir / "orphan.pid").string()},
       dir / "shell.log",
       {},
       {}});
  const pid_t sidecar = test::wait_for_pid_file(dir / "orphan.pid", 10s);
  ASSERT_GT(sidecar, 0);
  ASSERT_TRUE(eventually([&] { return std::filesystem::exists(dir / "orphan.ready"); }, 10s)) << shell->log_tail();
  ::kill(shell->pid(), SIGKILL);
  EXPECT_TRUE(test::wait_until_dead(sidecar, 5s)) << "the sidecar outlived its parent";
  if (test::process_alive(sidecar)) ::kill(sidecar, SIGKILL);
}

}  // namespace
}  // namespace rwchaos::harness::mesh_test
