// What each real client sends: vmalert, vmagent and Prometheus (agent mode) write to a capturing
// endpoint in the test until a request with the expected series arrives; the body decodes with our
// codec and the headers are the remote-write 1.0 ones. The capture is compared with the golden files
// in faults/tests/golden/ (decoded without processes by faults/tests/golden_payloads_test.cpp);
// RWCHAOS_UPDATE_GOLDEN=1 rewrites them from this run.
#include <gtest/gtest.h>

#include <cstdlib>
#include <set>

#include "faults/remotewrite/codec.hpp"
#include "harness/tests/real_client_args.hpp"
#include "harness/tests/real_process_support.hpp"

namespace rw = rwchaos::remotewrite;
namespace fs = std::filesystem;
using namespace rwchaos::harness::test;

namespace {

const fs::path golden_dir = fs::path(RWCHAOS_SOURCE_DIR) / "faults" / "tests" / "golden";

// Headers that must be the same in every capture of a client (Host and the like carry ports).
const std::vector<std::string> stable_headers{"Content-Encoding", "Content-Type", "User-Agent",
                                              "X-Prometheus-Remote-Write-Version"};

std::string label_value(const prometheus::TimeSeries& series, const std::string& name) {
  for (const auto& label : series.labels())
    if (label.name() == name) return label.value();
  return {};
}

const prometheus::TimeSeries* find_metric(const prometheus::WriteRequest& request, const std::string& name) {
  for (const auto& series : request.timeseries())
    if (label_value(series, "__name__") == name) return &series;
  return nullptr;
}

// A series without its values: metric name and label names (instance values carry ports).
std::set<std::string> shapes(const prometheus::WriteRequest& request) {
  std::set<std::string> out;
  for (const auto& series : request.timeseries()) {
    std::set<std::string> names;
    for (const auto& label : series.labels()) names.insert(label.name());
    std::string shape = label_value(series, "__name__") + "{";
    for (const auto& name : names) shape += name + ",";
    out.insert(shape + "}");
  }
  return out;
}

// Waits for the first request that decodes and holds every metric in `needed`.
std::optional<CapturedRequest> wait_for_request(CaptureEndpoint& endpoint, rwchaos::harness::ChildProcess& client,
                                                const std::vector<std::string>& needed) {
  std::optional<CapturedRequest> hit;
  wait_until(30s, [&] {
    for (const auto& request : endpoint.requests()) {
      const auto decoded = rw::decode(request.body);
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
    const auto decoded = rw::decode(request.body);
    out += fmt::format("  {} {} bytes: ", request.path, request.body.size());
    if (!decoded) out += decoded.error->message;
    for (const auto& shape : shapes(decoded.request)) out += shape + " ";
    out += "\n";
  }
  return out.empty() ? "  (no request arrived)\n" : out;
}

nlohmann::json headers_json(const std::string& client, const CapturedRequest& request) {
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& [name, value] : request.headers)
    if (name != "Host") headers[name] = value;
  return {{"client", client},
          {"version", rwchaos::harness::find_program(client).version},
          {"request", request.method + " " + request.path},
          {"headers", headers}};
}

void write_golden(const std::string& client, const CapturedRequest& request) {
  fs::create_directories(golden_dir);
  write_file(golden_dir / (client + ".bin"), request.body);
  write_file(golden_dir / (client + ".headers.json"), headers_json(client, request).dump(2) + "\n");
}

// The common checks on one captured request; `metric` must be in it with `value`.
void check_capture(const std::string& client, const CapturedRequest& request, const std::string& metric,
                   double value) {
  SCOPED_TRACE(client);
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.path, "/api/v1/write");
  const auto header = [&](const std::string& name) {
    const auto it = request.headers.find(name);
    return it == request.headers.end() ? std::string("<absent>") : it->second;
  };
  EXPECT_EQ(header("Content-Encoding"), "snappy");
  EXPECT_EQ(header("Content-Type"), "application/x-protobuf");
  EXPECT_EQ(header("X-Prometheus-Remote-Write-Version"), "0.1.0");
  EXPECT_NE(header("User-Agent"), "<absent>");
  EXPECT_EQ(header("Content-Length"), std::to_string(request.body.size()));

  const auto decoded = rw::decode(request.body);
  ASSERT_TRUE(decoded) << decoded.error->message;
  EXPECT_GT(decoded.samples, 0u);
  const auto* series = find_metric(decoded.request, metric);
  ASSERT_NE(series, nullptr);
  ASSERT_GT(series->samples_size(), 0);
  for (const auto& sample : series->samples()) EXPECT_EQ(sample.value(), value);

  if (std::getenv("RWCHAOS_UPDATE_GOLDEN")) write_golden(client, request);

  // Same headers and the same series shapes as the committed golden capture.
  std::ifstream golden_headers(golden_dir / (client + ".headers.json"));
  std::ifstream golden_body(golden_dir / (client + ".bin"), std::ios::binary);
  ASSERT_TRUE(golden_headers && golden_body)
      << "no golden capture for " << client << " in " << golden_dir << ": run with RWCHAOS_UPDATE_GOLDEN=1";
  const auto golden = nlohmann::json::parse(golden_headers);
  for (const auto& name : stable_headers)
    EXPECT_EQ(golden["headers"].value(name, "<absent>"), header(name)) << name << " differs from the golden capture";
  const std::string body((std::istreambuf_iterator<char>(golden_body)), std::istreambuf_iterator<char>());
  const auto golden_decoded = rw::decode(body);
  ASSERT_TRUE(golden_decoded) << golden_decoded.error->message;
  EXPECT_EQ(shapes(golden_decoded.request), shapes(decoded.request));
}

constexpr const char* target_text =
    "# HELP rwchaos_golden_total A constant counter the test serves.\n"
    "# TYPE rwchaos_golden_total counter\n"
    "rwchaos_golden_total 7\n";

}  // namespace

TEST(ClientPayloads, VmalertSendsSnappyProtobufWithRemoteWriteHeaders) {
  TempDir dir;
  VictoriaMetrics datasource(dir.path());
  CaptureEndpoint endpoint;
  const auto rules = write_recording_rule(dir.path(), "rwchaos_golden", "rwchaos_golden_rule", 42);
  auto [vmalert, port] = start_listening(
      "vmalert", [&](int port) { return vmalert_args(rules, datasource.url(), endpoint.url(), port); }, dir.path(),
      "/health", "OK");
  const auto request = wait_for_request(endpoint, *vmalert, {"rwchaos_golden_rule"});
  ASSERT_TRUE(request) << "no remote-write request with rwchaos_golden_rule\n" << describe(endpoint)
                       << vmalert->log_tail();
  check_capture("vmalert", *request, "rwchaos_golden_rule", 42.0);
}

TEST(ClientPayloads, VmagentSendsSnappyProtobufWithRemoteWriteHeaders) {
  TempDir dir;
  CaptureEndpoint endpoint;
  ScrapeTarget target(target_text);
  write_file(dir / "scrape.yml", scrape_config("rwchaos_golden", target.address(), ""));
  auto [vmagent, port] = start_listening(
      "vmagent", [&](int port) { return vmagent_args(dir.path(), endpoint.url() + "/api/v1/write", port); },
      dir.path(), "/health", "OK");
  const auto request = wait_for_request(endpoint, *vmagent, {"rwchaos_golden_total", "up"});
  ASSERT_TRUE(request) << "no remote-write request with rwchaos_golden_total\n" << describe(endpoint)
                       << vmagent->log_tail();
  check_capture("vmagent", *request, "rwchaos_golden_total", 7.0);
}

TEST(ClientPayloads, PrometheusAgentSendsSnappyProtobufWithRemoteWriteHeaders) {
  TempDir dir;
  CaptureEndpoint endpoint;
  ScrapeTarget target(target_text);
  write_file(dir / "prometheus.yml",
             scrape_config("rwchaos_golden", target.address(), endpoint.url() + "/api/v1/write"));
  auto [prometheus, port] = start_listening(
      "prometheus", [&](int port) { return prometheus_agent_args(dir.path(), port); }, dir.path(), "/-/ready",
      "Ready");
  const auto request = wait_for_request(endpoint, *prometheus, {"rwchaos_golden_total", "up"});
  ASSERT_TRUE(request) << "no remote-write request with rwchaos_golden_total\n" << describe(endpoint)
                       << prometheus->log_tail();
  check_capture("prometheus", *request, "rwchaos_golden_total", 7.0);
}
