#include "harness/env/upstream_process.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "harness/common/json_lines.hpp"
#include "harness/env/victoria_metrics.hpp"
#include "harness/process/http_client.hpp"

namespace rwchaos::harness {

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string expect_ok(const HttpAnswer& answer, const std::string& what) {
  if (answer.status == 200) return answer.body;
  throw std::runtime_error(fmt::format("upstream {}: {}", what,
                                       answer.status ? fmt::format("status {}: {}", answer.status, answer.body)
                                                     : answer.error));
}

}  // namespace

std::unique_ptr<UpstreamProcess> UpstreamProcess::start(const UpstreamSettings& settings) {
  const auto ready_file = settings.run_dir / "upstream.ready.json";
  std::filesystem::remove(ready_file);
  std::vector<std::string> argv = {settings.binary, "upstream", "--listen", "127.0.0.1:0", "--control", "127.0.0.1:0",
                                   "--ready-file", ready_file.string(), "--ledger",
                                   (settings.run_dir / "ledger.jsonl").string(), "--ledger-samples"};
  if (!settings.forward_url.empty()) argv.insert(argv.end(), {"--forward", settings.forward_url});
  if (!settings.initial_plan_yaml.empty()) {
    const auto plan_file = settings.run_dir / "upstream.plan.yaml";
    std::ofstream(plan_file) << settings.initial_plan_yaml;
    argv.insert(argv.end(), {"--plan", plan_file.string()});
  }
  auto upstream = std::unique_ptr<UpstreamProcess>(new UpstreamProcess());
  upstream->process_ = ChildProcess::start({"upstream", argv, settings.log_file, {}, {}});

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (!std::filesystem::exists(ready_file)) {
    if (!upstream->process_->running())
      throw std::runtime_error(fmt::format("upstream exited with status {} before it was ready:\n{}",
                                           upstream->process_->exit_status().value_or(-1),
                                           upstream->process_->log_tail(1500)));
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("upstream wrote no ready file " + ready_file.string() + " within 15 s:\n" +
                               upstream->process_->log_tail(1500));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  try {
    const auto ready = nlohmann::json::parse(read_file(ready_file));
    upstream->listen_ = ready.at("listen").get<std::string>();
    upstream->control_ = ready.at("control").get<std::string>();
  } catch (const std::exception& error) {
    throw std::runtime_error(fmt::format("upstream ready file {}: {}", ready_file.string(), error.what()));
  }
  const std::string why =
      wait_for_http_200(upstream->control_url() + "/healthz", std::chrono::seconds(10), upstream->process_.get());
  if (!why.empty()) throw std::runtime_error("upstream: " + why + "\n" + upstream->process_->log_tail(1500));
  return upstream;
}

std::string UpstreamProcess::listen_url() const { return "http://" + listen_; }
std::string UpstreamProcess::write_url() const { return listen_url() + "/api/v1/write"; }
std::string UpstreamProcess::control_url() const { return "http://" + control_; }

void UpstreamProcess::set_plan(const std::string& plan_yaml) {
  expect_ok(http_send("PUT", control_url() + "/plan", plan_yaml, "application/yaml"), "PUT /plan");
}

nlohmann::json UpstreamProcess::stats() {
  return nlohmann::json::parse(expect_ok(http_get(control_url() + "/stats"), "GET /stats"));
}

std::vector<faults::LedgerRecord> UpstreamProcess::ledger(std::uint64_t since) {
  return parse_json_lines<faults::LedgerRecord>(expect_ok(
      http_get(control_url() + "/ledger?since=" + std::to_string(since), std::chrono::seconds(30)), "GET /ledger"));
}

std::vector<faults::ConnectionFault> UpstreamProcess::connection_faults() {
  return parse_json_lines<faults::ConnectionFault>(
      expect_ok(http_get(control_url() + "/connection-faults", std::chrono::seconds(30)), "GET /connection-faults"));
}

std::vector<StoredSeries> UpstreamProcess::export_series() {
  return parse_export_lines(expect_ok(http_get(control_url() + "/export", std::chrono::seconds(30)), "GET /export"));
}

}  // namespace rwchaos::harness
