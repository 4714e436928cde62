#include "harness/env/sidecar_process.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "harness/process/http_client.hpp"

namespace rwchaos::harness {

std::unique_ptr<SidecarProcess> SidecarProcess::start(const SidecarSettings& settings) {
  const auto config_file = settings.run_dir / (settings.name + ".json");
  const auto ready_file = settings.run_dir / (settings.name + ".ready.json");
  std::filesystem::remove(ready_file);
  nlohmann::json config = settings.config;
  if (!config.contains("listen")) config["listen"] = "127.0.0.1:0";
  if (!config.contains("admin")) config["admin"] = "127.0.0.1:0";
  std::ofstream(config_file) << config.dump(2) << "\n";

  auto sidecar = std::unique_ptr<SidecarProcess>(new SidecarProcess());
  sidecar->process_ = ChildProcess::start({settings.name,
                                           {settings.binary, "sidecar", "--config", config_file.string(), "--ready-file",
                                            ready_file.string()},
                                           settings.run_dir / (settings.name + ".log"),
                                           {},
                                           {}});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (!std::filesystem::exists(ready_file)) {
    if (!sidecar->process_->running())
      throw std::runtime_error(fmt::format("{} exited with status {} before it was ready:\n{}", settings.name,
                                           sidecar->process_->exit_status().value_or(-1),
                                           sidecar->process_->log_tail(1500)));
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error(settings.name + " wrote no ready file within 15 s:\n" + sidecar->process_->log_tail(1500));
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  try {
    std::ifstream in(ready_file);
    const auto ready = nlohmann::json::parse(in);
    sidecar->listen_ = ready.at("listen").get<std::string>();
    sidecar->admin_ = ready.at("admin").get<std::string>();
  } catch (const std::exception& error) {
    throw std::runtime_error(fmt::format("{} ready file {}: {}", settings.name, ready_file.string(), error.what()));
  }
  const std::string why =
      wait_for_http_200(sidecar->admin_url() + "/ready", std::chrono::seconds(10), sidecar->process_.get());
  if (!why.empty()) throw std::runtime_error(settings.name + ": " + why + "\n" + sidecar->process_->log_tail(1500));
  return sidecar;
}

std::string SidecarProcess::listen_address() const { return listen_; }
int SidecarProcess::listen_port() const { return std::stoi(listen_.substr(listen_.rfind(':') + 1)); }
std::string SidecarProcess::admin_url() const { return "http://" + admin_; }

nlohmann::json SidecarProcess::stats() {
  const HttpAnswer answer = http_get(admin_url() + "/stats");
  if (answer.status != 200)
    throw std::runtime_error("sidecar GET /stats: " + (answer.status ? std::to_string(answer.status) : answer.error));
  return nlohmann::json::parse(answer.body);
}

}  // namespace rwchaos::harness
