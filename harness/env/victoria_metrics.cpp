#include "harness/env/victoria_metrics.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "harness/process/http_client.hpp"
#include "harness/process/start_on_free_port.hpp"

namespace rwchaos::harness {

namespace {

std::string url_encode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == '~') out += static_cast<char>(c);
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

// VM 1.79 writes a NaN first value as a bare `NaN` (export.qtpl), which is not JSON.
nlohmann::json parse_line(std::string line) {
  auto parsed = nlohmann::json::parse(line, nullptr, false);
  if (!parsed.is_discarded()) return parsed;
  for (auto pos = line.find("NaN"); pos != std::string::npos; pos = line.find("NaN", pos)) line.replace(pos, 3, "null");
  return nlohmann::json::parse(line);
}

}  // namespace

std::vector<StoredSeries> parse_export_lines(const std::string& body) {
  std::vector<StoredSeries> out;
  std::istringstream in(body);
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      const auto json = parse_line(line);
      StoredSeries series;
      for (const auto& [key, value] : json.at("metric").items()) series.labels[key] = value.get<std::string>();
      const auto& values = json.at("values");
      const auto& timestamps = json.at("timestamps");
      for (std::size_t i = 0; i < values.size() && i < timestamps.size(); ++i) {
        if (!values[i].is_number()) continue;  // staleness marker
        const double v = values[i].get<double>();
        if (std::isnan(v)) continue;
        series.values.push_back(v);
        series.timestamps.push_back(timestamps[i].get<std::int64_t>());
      }
      out.push_back(std::move(series));
    } catch (const std::exception& error) {
      throw std::runtime_error(fmt::format("export line {}: {}", line_no, error.what()));
    }
  }
  return out;
}

std::unique_ptr<VictoriaMetrics> VictoriaMetrics::start(const std::string& binary,
                                                        const std::filesystem::path& data_dir,
                                                        const std::filesystem::path& log_file) {
  auto argv_for = [&](int port) -> std::vector<std::string> {
    return {binary, "-storageDataPath=" + data_dir.string(), fmt::format("-httpListenAddr=127.0.0.1:{}", port),
            "-retentionPeriod=100y",
            // Every sample counts: no deduplication, no downsampling, no search cache surprises.
            "-search.disableCache", "-search.latencyOffset=0s", "-loggerLevel=INFO"};
  };
  StartedOnPort started = start_on_free_port("victoria-metrics", argv_for, "/health", log_file, std::chrono::seconds(20));
  auto vm = std::unique_ptr<VictoriaMetrics>(new VictoriaMetrics());
  vm->process_ = std::move(started.process);
  vm->port_ = started.port;
  return vm;
}

std::string VictoriaMetrics::base_url() const { return fmt::format("http://127.0.0.1:{}", port_); }
std::string VictoriaMetrics::write_url() const { return base_url() + "/api/v1/write"; }

void VictoriaMetrics::force_flush() {
  const HttpAnswer answer = http_get(base_url() + "/internal/force_flush", std::chrono::seconds(30));
  if (answer.status != 200)
    throw std::runtime_error(fmt::format("victoria-metrics force_flush: {} {}", answer.status,
                                         answer.status ? answer.body : answer.error));
}

std::vector<StoredSeries> VictoriaMetrics::export_series(const std::vector<std::string>& names) {
  if (names.empty()) return {};
  std::string selector = "{__name__=~\"";
  for (std::size_t i = 0; i < names.size(); ++i) selector += (i ? "|" : "") + names[i];
  selector += "\"}";
  // start=0: all of time (the data folder belongs to this run alone). An explicit end a minute
  // ahead: the default end is "now" cut to whole seconds, which hides samples of the last second.
  const auto end_s = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count() + 60;
  const std::string url =
      fmt::format("{}/api/v1/export?start=0&end={}&match[]={}", base_url(), end_s, url_encode(selector));
  const HttpAnswer answer = http_get(url, std::chrono::seconds(60));
  if (answer.status != 200)
    throw std::runtime_error(fmt::format("victoria-metrics export: {} {}", answer.status,
                                         answer.status ? answer.body : answer.error));
  return parse_export_lines(answer.body);
}

}  // namespace rwchaos::harness
