// vmagent 1.112 against the fault upstream: it probes the write URL with `?get_vm_proto_version=1`
// once at start (app/vmagent/remotewrite/client.go, newHTTPClient; lib/protoparser/common/
// vmproto_handshake.go, HandleVMProtoClientHandshake). The upstream answers as vminsert does, so
// vmagent speaks VictoriaMetrics' protocol (zstd); when a fault hits the probe, it falls back to
// remote-write 1.0 for its whole life. Either way the ledger decodes every request and storage
// (victoria-metrics 1.79.5, which reads only snappy) gets every sample.
#include <gtest/gtest.h>

#include "harness/env/upstream_process.hpp"
#include "harness/tests/real_client_args.hpp"
#include "harness/tests/real_process_support.hpp"

namespace rwchaos::harness::test {
namespace {

constexpr const char* target_text =
    "# TYPE rwchaos_vmproto_total counter\n"
    "rwchaos_vmproto_total 3\n";

struct VmagentRun {
  std::vector<faults::LedgerRecord> ledger;
  std::string vmagent_log;
  std::size_t stored_samples = 0;
};

// Storage <- upstream (with `plan`) <- vmagent 1.112 scraping one target, until the ledger holds
// `data_requests` answered requests besides the probe.
VmagentRun run_vmagent_1112(const std::string& plan_yaml, std::size_t data_requests) {
  TempDir dir;
  VictoriaMetrics storage(dir.path());
  auto upstream = UpstreamProcess::start(
      {RWCHAOS_BINARY, storage.url() + "/api/v1/write", dir.path(), dir / "upstream.log", plan_yaml});
  ScrapeTarget target(target_text);
  write_file(dir / "scrape.yml", scrape_config("rwchaos_vmproto", target.address(), ""));
  auto [vmagent, port] = start_listening(
      "vmagent", [&](int port) { return vmagent_args(dir.path(), upstream->write_url(), port); }, dir.path(),
      "/health", "OK", listed_binary("vmagent", "1.112.0"));
  VmagentRun run;
  wait_until(30s, [&] {
    run.ledger = upstream->ledger();
    const auto answered = std::count_if(run.ledger.begin(), run.ledger.end(),
                                        [](const auto& r) { return !r.handshake && r.outcome != faults::Outcome::in_flight; });
    return static_cast<std::size_t>(answered) >= data_requests || !vmagent->running();
  });
  vmagent->stop(5s);
  run.ledger = upstream->ledger();
  run.vmagent_log = vmagent->log_tail(20000);
  for (const auto& series : storage.export_series("rwchaos_vmproto_total")) run.stored_samples += series.values.size();
  return run;
}

std::string header(const faults::LedgerRecord& record, const std::string& name) {
  const auto it = record.headers.find(name);
  return it == record.headers.end() ? "<absent>" : it->second;
}

// Every record after the probe: one protocol, decoded, committed, answered 204.
void expect_data_requests(const VmagentRun& run, const std::string& encoding, const std::string& version_header,
                          const std::string& version) {
  std::size_t data = 0;
  for (const auto& record : run.ledger) {
    if (record.handshake || record.outcome == faults::Outcome::in_flight) continue;
    SCOPED_TRACE(nlohmann::json(record).dump());
    ++data;
    EXPECT_EQ(header(record, "content-encoding"), encoding);
    EXPECT_EQ(header(record, version_header), version);
    EXPECT_EQ(record.compression, encoding);
    EXPECT_TRUE(record.error.empty());
    EXPECT_FALSE(record.hash.empty());
    EXPECT_GT(record.samples, 0u);
    EXPECT_TRUE(record.committed);
    EXPECT_EQ(record.status, 204);
  }
  EXPECT_GE(data, 3u);
  EXPECT_GT(run.stored_samples, 0u) << "storage got none of vmagent's samples";
}

TEST(VmagentVmProtocol, Vmagent1112NegotiatesZstdWithTheUpstreamAndEveryRequestDecodes) {
  const VmagentRun run = run_vmagent_1112("", 3);
  ASSERT_FALSE(run.ledger.empty()) << run.vmagent_log;
  const auto& probe = run.ledger.front();
  EXPECT_TRUE(probe.handshake) << nlohmann::json(probe).dump();
  EXPECT_EQ(probe.id, 1u);
  EXPECT_EQ(probe.status, 200);
  EXPECT_EQ(probe.samples, 0u);
  EXPECT_FALSE(probe.committed);
  EXPECT_EQ(std::count_if(run.ledger.begin(), run.ledger.end(), [](const auto& r) { return r.handshake; }), 1)
      << "vmagent probes once, at start";
  expect_data_requests(run, "zstd", "x-victoriametrics-remote-write-version", "1");
  EXPECT_EQ(run.vmagent_log.find("Switching to Prometheus remote write protocol"), std::string::npos) << run.vmagent_log;
}

TEST(VmagentVmProtocol, Vmagent1112FallsBackToRemoteWrite1ForGoodWhenItsProbeFails) {
  const VmagentRun run = run_vmagent_1112("seed: 1\nfaults:\n  - {action: respond, status: 503, when: {requests: \"1\"}}\n", 3);
  ASSERT_FALSE(run.ledger.empty()) << run.vmagent_log;
  const auto& probe = run.ledger.front();
  EXPECT_TRUE(probe.handshake) << nlohmann::json(probe).dump();
  EXPECT_EQ(probe.fault, "respond");
  EXPECT_EQ(probe.status, 503);
  // HandleVMProtoClientHandshake: any status but 200 is "no"; newHTTPClient never asks again.
  EXPECT_NE(run.vmagent_log.find("Switching to Prometheus remote write protocol"), std::string::npos)
      << run.vmagent_log;
  EXPECT_EQ(std::count_if(run.ledger.begin(), run.ledger.end(), [](const auto& r) { return r.handshake; }), 1);
  expect_data_requests(run, "snappy", "x-prometheus-remote-write-version", "0.1.0");
}

}  // namespace
}  // namespace rwchaos::harness::test
