// Golden remote-write requests captured from the real clients (harness/tests/client_payloads_test.cpp
// writes them with RWCHAOS_UPDATE_GOLDEN=1; docs/clients.md describes them). Decoded here with no
// processes, so the codec is checked against what vmalert, vmagent and Prometheus really send.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "faults/remotewrite/codec.hpp"
#include "faults/tests/golden_support.hpp"

namespace rw = rwchaos::remotewrite;
namespace fs = std::filesystem;

namespace {

const fs::path golden_dir = rwchaos::golden::dir;
using rwchaos::golden::shapes;

std::string label(const prometheus::TimeSeries& series, const std::string& name) {
  return rwchaos::golden::label_value(series, name);
}
const prometheus::TimeSeries* metric(const prometheus::WriteRequest& request, const std::string& name) {
  return rwchaos::golden::find_metric(request, name);
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Golden {
  std::string body;
  nlohmann::json headers;  // {"client", "version", "request", "headers": {...}}
};

Golden load(const std::string& client) {
  return {read_bytes(golden_dir / (client + ".bin")),
          nlohmann::json::parse(read_bytes(golden_dir / (client + ".headers.json")))};
}

void expect_all_values(const prometheus::TimeSeries& series, double value) {
  ASSERT_GT(series.samples_size(), 0);
  for (const auto& sample : series.samples()) {
    EXPECT_EQ(sample.value(), value);
    EXPECT_GT(sample.timestamp(), 1'600'000'000'000);  // milliseconds, not seconds
  }
}

// Checks every golden capture shares: the protocol's headers (remote-write 1.0, or VictoriaMetrics'
// own for vmagent 1.112 once its probe was answered), a body that decodes and re-encodes.
rw::DecodeResult decode_golden(const std::string& client) {
  const Golden golden = load(client);
  EXPECT_EQ(golden.headers.at("request"), "POST /api/v1/write");
  const std::string encoding = rwchaos::golden::header(golden.headers, "Content-Encoding");
  if (encoding == "zstd") {
    EXPECT_EQ(rwchaos::golden::header(golden.headers, "X-VictoriaMetrics-Remote-Write-Version"), "1");
    EXPECT_EQ(rwchaos::golden::header(golden.headers, "X-Prometheus-Remote-Write-Version"), "<absent>");
  } else {
    EXPECT_EQ(encoding, "snappy");
    EXPECT_EQ(rwchaos::golden::header(golden.headers, "X-Prometheus-Remote-Write-Version"), "0.1.0");
  }
  EXPECT_EQ(rwchaos::golden::header(golden.headers, "Content-Type"), "application/x-protobuf");
  EXPECT_NE(rwchaos::golden::header(golden.headers, "User-Agent"), "<absent>");
  EXPECT_EQ(rwchaos::golden::header(golden.headers, "Content-Length"), std::to_string(golden.body.size()));

  const auto compression = rw::compression_for(encoding);
  auto decoded = rw::decode(golden.body, {}, compression);
  EXPECT_TRUE(decoded) << client << ": " << decoded.error->message;
  EXPECT_EQ(decoded.compression, compression);
  // Our own compression of the same payload, in either codec, decodes to the same series.
  for (const auto codec : {rw::Compression::snappy, rw::Compression::zstd}) {
    const auto again = rw::decode(rw::compress(decoded.payload, codec), {}, codec);
    EXPECT_TRUE(again);
    EXPECT_EQ(again.series, decoded.series);
    EXPECT_EQ(again.samples, decoded.samples);
    EXPECT_EQ(rw::hash64(again.payload), rw::hash64(decoded.payload));
  }
  // A body cut short is an error, never a partial request.
  EXPECT_FALSE(rw::decode(std::string_view(golden.body).substr(0, golden.body.size() - 1), {}, compression));
  return decoded;
}

void expect_scrape(const prometheus::WriteRequest& request, const std::string& client) {
  SCOPED_TRACE(client);
  const auto* counter = metric(request, "rwchaos_golden_total");
  ASSERT_NE(counter, nullptr);
  EXPECT_EQ(label(*counter, "job"), "rwchaos_golden");
  EXPECT_TRUE(label(*counter, "instance").starts_with("127.0.0.1:"));
  expect_all_values(*counter, 7.0);
  const auto* up = metric(request, "up");
  ASSERT_NE(up, nullptr);
  expect_all_values(*up, 1.0);
  // Both scrapers add these per-target series (Prometheus' "automatically generated" series).
  for (const char* name : {"scrape_duration_seconds", "scrape_samples_scraped", "scrape_series_added"})
    EXPECT_NE(metric(request, name), nullptr) << name;
}

}  // namespace

TEST(GoldenPayloads, VmalertRecordingRuleDecodes) {
  for (const std::string capture : {"vmalert", "vmalert-1.112.0"}) {
    SCOPED_TRACE(capture);
    const auto decoded = decode_golden(capture);
    ASSERT_TRUE(decoded);
    ASSERT_EQ(decoded.series, 1u);
    const auto& series = decoded.request.timeseries(0);
    EXPECT_EQ(rw::series_key(series), "__name__=\"rwchaos_golden_rule\"");
    expect_all_values(series, 42.0);
  }
}

// vmagent 1.112's capture is VictoriaMetrics' protocol (zstd): the endpoint answered its probe.
TEST(GoldenPayloads, VmagentScrapeDecodes) {
  for (const std::string capture : {"vmagent", "vmagent-1.112.0"}) {
    const auto decoded = decode_golden(capture);
    ASSERT_TRUE(decoded);
    expect_scrape(decoded.request, capture);
    EXPECT_EQ(rwchaos::golden::header(load(capture).headers, "User-Agent"), "vmagent");
    EXPECT_EQ(decoded.compression, capture == "vmagent" ? rw::Compression::snappy : rw::Compression::zstd);
  }
}

TEST(GoldenPayloads, PrometheusAgentScrapeDecodes) {
  for (const std::string capture : {"prometheus", "prometheus-2.53.3"}) {
    const auto decoded = decode_golden(capture);
    ASSERT_TRUE(decoded);
    expect_scrape(decoded.request, capture);
    EXPECT_TRUE(rwchaos::golden::header(load(capture).headers, "User-Agent").starts_with("Prometheus/"));
  }
}

// docs/clients.md: both versions of each client send the same series, except vmagent 1.112's one
// more auto-generated series per target.
TEST(GoldenPayloads, SecondVersionsSendTheSameSeriesShapesAsTheDefaults) {
  for (const auto& [older, newer] : std::vector<std::pair<std::string, std::string>>{
           {"vmalert", "vmalert-1.112.0"}, {"vmagent", "vmagent-1.112.0"}, {"prometheus", "prometheus-2.53.3"}}) {
    SCOPED_TRACE(newer);
    const auto a = decode_golden(older);
    const auto b = decode_golden(newer);
    ASSERT_TRUE(a && b);
    std::set<std::string> expected = shapes(a.request);
    // lib/promscrape/scrapework.go (1.112.0), scrapeWork.addAutoMetrics.
    if (older == "vmagent") expected.insert("scrape_response_size_bytes{__name__,instance,job,}");
    EXPECT_EQ(shapes(b.request), expected);
  }
}
