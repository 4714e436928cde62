// What each real client sends: vmalert, vmagent and Prometheus (agent mode), each version in
// versions.json, write to a capturing endpoint in the test until a request with the expected series
// arrives; the body decodes with our codec and the headers are the remote-write 1.0 ones (or, for
// vmagent 1.112 against an endpoint that answers its probe, VictoriaMetrics' own protocol). The capture is compared with the golden files
// in faults/tests/golden/ (decoded without processes by faults/tests/golden_payloads_test.cpp);
// RWCHAOS_UPDATE_GOLDEN=1 rewrites them from this run.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>

#include "faults/remotewrite/codec.hpp"
#include "faults/tests/golden_support.hpp"
#include "harness/tests/real_client_args.hpp"
#include "harness/tests/real_process_support.hpp"

namespace rw = rwchaos::remotewrite;
namespace fs = std::filesystem;
using namespace rwchaos::harness::test;

namespace {

const fs::path golden_dir = rwchaos::golden::dir;
using rwchaos::golden::find_metric;
using rwchaos::golden::shapes;

// Headers that must be the same in every capture of a client (Host and the like carry ports).
const std::vector<std::string> stable_headers{"Content-Encoding", "Content-Type", "User-Agent",
                                              "X-Prometheus-Remote-Write-Version",
                                              "X-VictoriaMetrics-Remote-Write-Version"};

// Which protocol a capture must be in.
enum class Protocol { remote_write_1, victoriametrics };

// Header names are case-insensitive; Go writes X-VictoriaMetrics-... as X-Victoriametrics-...
std::string header_of(const CapturedRequest& request, const std::string& name) {
  for (const auto& [key, value] : request.headers)
    if (rwchaos::golden::same_header_name(key, name)) return value;
  return "<absent>";
}

// Decoded as the upstream decodes it: the codec the Content-Encoding names first.
rw::DecodeResult decode_capture(const CapturedRequest& request) {
  return rw::decode(request.body, {}, rw::compression_for(header_of(request, "Content-Encoding")));
}

// Waits for the first request that decodes and holds every metric in `needed`.
std::optional<CapturedRequest> wait_for_request(CaptureEndpoint& endpoint, rwchaos::harness::ChildProcess& client,
                                                const std::vector<std::string>& needed) {
  std::optional<CapturedRequest> hit;
  wait_until(30s, [&] {
    for (const auto& request : endpoint.requests()) {
      const auto decoded = decode_capture(request);
      if (!decoded) continue;
      if (std::all_of(needed.begin(), needed.end(),
                      [&](const std::string& name) { return find_metric(decoded.request, name) != nullptr; })) {
        hit = request;
        return true;
      }
    }
    return !client.running();
  });
  return hit;
}

// For failure messages: what did arrive.
std::string describe(CaptureEndpoint& endpoint) {
  std::string out;
  for (const auto& request : endpoint.requests()) {
    const auto decoded = decode_capture(request);
    out += fmt::format("  {} {} bytes: ", request.path, request.body.size());
    if (!decoded) out += decoded.error->message;
    for (const auto& shape : shapes(decoded.request)) out += shape + " ";
    out += "\n";
  }
  return out.empty() ? "  (no request arrived)\n" : out;
}

// The client under capture: its program, the golden files' name and the binary (empty: default).
struct Capture {
  std::string program;
  std::string name;  // golden file base name: "vmalert", "vmalert-1.112.0"
  fs::path binary;
  Protocol protocol = Protocol::remote_write_1;
};

Capture default_version(const std::string& program) { return {program, program, {}}; }

Capture listed_version(const std::string& program, const std::string& version,
                       Protocol protocol = Protocol::remote_write_1) {
  return {program, program + "-" + version, listed_binary(program, version), protocol};
}

nlohmann::json headers_json(const Capture& capture, const CapturedRequest& request) {
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& [name, value] : request.headers)
    if (name != "Host") headers[name] = value;
  return {{"client", capture.program},
          {"version", rwchaos::harness::find_program(capture.program, capture.binary).version},
          {"request", request.method + " " + request.path},
          {"headers", headers}};
}

void write_golden(const Capture& capture, const CapturedRequest& request) {
  fs::create_directories(golden_dir);
  write_file(golden_dir / (capture.name + ".bin"), request.body);
  write_file(golden_dir / (capture.name + ".headers.json"), headers_json(capture, request).dump(2) + "\n");
}

// The common checks on one captured request; `metric` must be in it with `value`.
void check_capture(const Capture& capture, const CapturedRequest& request, const std::string& metric,
                   double value) {
  SCOPED_TRACE(capture.name);
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.path, "/api/v1/write");
  const auto header = [&](const std::string& name) { return header_of(request, name); };
  if (capture.protocol == Protocol::victoriametrics) {
    // app/vmagent/remotewrite/client.go, newRequest, when the probe said yes.
    EXPECT_EQ(header("Content-Encoding"), "zstd");
    EXPECT_EQ(header("X-VictoriaMetrics-Remote-Write-Version"), "1");
    EXPECT_EQ(header("X-Prometheus-Remote-Write-Version"), "<absent>");
  } else {
    EXPECT_EQ(header("Content-Encoding"), "snappy");
    EXPECT_EQ(header("X-Prometheus-Remote-Write-Version"), "0.1.0");
  }
  EXPECT_EQ(header("Content-Type"), "application/x-protobuf");
  EXPECT_NE(header("User-Agent"), "<absent>");
  EXPECT_EQ(header("Content-Length"), std::to_string(request.body.size()));

  const auto decoded = decode_capture(request);
  ASSERT_TRUE(decoded) << decoded.error->message;
  EXPECT_EQ(decoded.compression,
            capture.protocol == Protocol::victoriametrics ? rw::Compression::zstd : rw::Compression::snappy);
  EXPECT_GT(decoded.samples, 0u);
  const auto* series = find_metric(decoded.request, metric);
  ASSERT_NE(series, nullptr);
  ASSERT_GT(series->samples_size(), 0);
  for (const auto& sample : series->samples()) EXPECT_EQ(sample.value(), value);

  if (std::getenv("RWCHAOS_UPDATE_GOLDEN")) write_golden(capture, request);

  // Same headers and the same series shapes as the committed golden capture.
  std::ifstream golden_headers(golden_dir / (capture.name + ".headers.json"));
  std::ifstream golden_body(golden_dir / (capture.name + ".bin"), std::ios::binary);
  ASSERT_TRUE(golden_headers && golden_body)
      << "no golden capture for " << capture.name << " in " << golden_dir << ": run with RWCHAOS_UPDATE_GOLDEN=1";
  const auto golden = nlohmann::json::parse(golden_headers);
  for (const auto& name : stable_headers)
    EXPECT_EQ(rwchaos::golden::header(golden, name), header(name)) << name << " differs from the golden capture";
  const std::string body((std::istreambuf_iterator<char>(golden_body)), std::istreambuf_iterator<char>());
  const auto golden_decoded = rw::decode(body, {}, decoded.compression);
  ASSERT_TRUE(golden_decoded) << golden_decoded.error->message;
  EXPECT_EQ(shapes(golden_decoded.request), shapes(decoded.request));
}

constexpr const char* target_text =
    "# HELP rwchaos_golden_total A constant counter the test serves.\n"
    "# TYPE rwchaos_golden_total counter\n"
    "rwchaos_golden_total 7\n";

// Each capture: the client writes to a capturing endpoint until a request with its series arrives.
void capture_vmalert(const Capture& capture) {
  TempDir dir;
  VictoriaMetrics datasource(dir.path());
  CaptureEndpoint endpoint;
  const auto rules = write_recording_rule(dir.path(), "rwchaos_golden", "rwchaos_golden_rule", 42);
  auto [vmalert, port] = start_listening(
      "vmalert", [&](int port) { return vmalert_args(rules, datasource.url(), endpoint.url(), port); }, dir.path(),
      "/health", "OK", capture.binary);
  const auto request = wait_for_request(endpoint, *vmalert, {"rwchaos_golden_rule"});
  ASSERT_TRUE(request) << "no remote-write request with rwchaos_golden_rule\n" << describe(endpoint)
                       << vmalert->log_tail();
  check_capture(capture, *request, "rwchaos_golden_rule", 42.0);
}

void capture_vmagent(const Capture& capture) {
  TempDir dir;
  CaptureEndpoint endpoint(capture.protocol == Protocol::victoriametrics);
  ScrapeTarget target(target_text);
  write_file(dir / "scrape.yml", scrape_config("rwchaos_golden", target.address(), ""));
  auto [vmagent, port] = start_listening(
      "vmagent", [&](int port) { return vmagent_args(dir.path(), endpoint.url() + "/api/v1/write", port); },
      dir.path(), "/health", "OK", capture.binary);
  const auto request = wait_for_request(endpoint, *vmagent, {"rwchaos_golden_total", "up"});
  ASSERT_TRUE(request) << "no remote-write request with rwchaos_golden_total\n" << describe(endpoint)
                       << vmagent->log_tail();
  check_capture(capture, *request, "rwchaos_golden_total", 7.0);
}

void capture_prometheus(const Capture& capture) {
  TempDir dir;
  CaptureEndpoint endpoint;
  ScrapeTarget target(target_text);
  write_file(dir / "prometheus.yml",
             scrape_config("rwchaos_golden", target.address(), endpoint.url() + "/api/v1/write"));
  auto [prometheus, port] = start_listening(
      "prometheus", [&](int port) { return prometheus_agent_args(dir.path(), port); }, dir.path(), "/-/ready",
      "Ready", capture.binary);
  const auto request = wait_for_request(endpoint, *prometheus, {"rwchaos_golden_total", "up"});
  ASSERT_TRUE(request) << "no remote-write request with rwchaos_golden_total\n" << describe(endpoint)
                       << prometheus->log_tail();
  check_capture(capture, *request, "rwchaos_golden_total", 7.0);
}

}  // namespace

TEST(ClientPayloads, VmalertSendsSnappyProtobufWithRemoteWriteHeaders) { capture_vmalert(default_version("vmalert")); }

TEST(ClientPayloads, Vmalert1112SendsSnappyProtobufWithRemoteWriteHeaders) {
  capture_vmalert(listed_version("vmalert", "1.112.0"));
}

TEST(ClientPayloads, VmagentSendsSnappyProtobufWithRemoteWriteHeaders) { capture_vmagent(default_version("vmagent")); }

// The endpoint answers vmagent's probe as VictoriaMetrics does, so vmagent 1.112 speaks zstd.
TEST(ClientPayloads, Vmagent1112SendsZstdToAnEndpointThatAnswersItsProbe) {
  capture_vmagent(listed_version("vmagent", "1.112.0", Protocol::victoriametrics));
}

TEST(ClientPayloads, PrometheusAgentSendsSnappyProtobufWithRemoteWriteHeaders) {
  capture_prometheus(default_version("prometheus"));
}

TEST(ClientPayloads, Prometheus2533AgentSendsSnappyProtobufWithRemoteWriteHeaders) {
  capture_prometheus(listed_version("prometheus", "2.53.3"));
}
