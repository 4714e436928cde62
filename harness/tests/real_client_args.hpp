#pragma once
// Command lines and config files that start real vmalert, vmagent and Prometheus (agent mode) in
// tests with 1 s intervals, writing to a given remote-write URL.
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "harness/tests/real_process_support.hpp"

namespace rwchaos::harness::test {

// A scrape config for one static target; with `remote_write` it also sends there (Prometheus).
inline std::string scrape_config(const std::string& job, const std::string& target, const std::string& remote_write) {
  std::string config = fmt::format(
      "global: {{scrape_interval: 1s, scrape_timeout: 1s}}\n"
      "scrape_configs:\n"
      "  - job_name: {}\n"
      "    static_configs: [{{targets: ['{}']}}]\n",
      job, target);
  if (!remote_write.empty())
    config += fmt::format(
        "remote_write:\n"
        "  - url: {}\n"
        "    queue_config: {{batch_send_deadline: 1s}}\n"
        "    metadata_config: {{send: false}}\n",
        remote_write);
  return config;
}

// Writes a rules file with one recording rule `record` = vector(value) evaluated every second.
inline std::filesystem::path write_recording_rule(const std::filesystem::path& dir, const std::string& group,
                                                  const std::string& record, int value) {
  const auto path = dir / "rules.yml";
  write_file(path, fmt::format("groups:\n"
                               "  - name: {}\n"
                               "    interval: 1s\n"
                               "    rules:\n"
                               "      - record: {}\n"
                               "        expr: vector({})\n",
                               group, record, value));
  return path;
}

// vmalert appends /api/v1/write to -remoteWrite.url itself.
inline std::vector<std::string> vmalert_args(const std::filesystem::path& rules, const std::string& datasource_url,
                                             const std::string& remote_write_url, int port) {
  return {"-rule=" + rules.string(), "-datasource.url=" + datasource_url, "-remoteWrite.url=" + remote_write_url,
          "-remoteWrite.flushInterval=1s", fmt::format("-httpListenAddr=127.0.0.1:{}", port)};
}

inline std::vector<std::string> vmagent_args(const std::filesystem::path& dir, const std::string& remote_write_url,
                                             int port) {
  return {"-promscrape.config=" + (dir / "scrape.yml").string(), "-remoteWrite.url=" + remote_write_url,
          "-remoteWrite.tmpDataPath=" + (dir / "vmagent-data").string(), "-remoteWrite.flushInterval=1s",
          fmt::format("-httpListenAddr=127.0.0.1:{}", port)};
}

// Reads <dir>/prometheus.yml; Prometheus 2.42 sends its first request ~5 s after start (WAL replay).
inline std::vector<std::string> prometheus_agent_args(const std::filesystem::path& dir, int port) {
  return {"--enable-feature=agent", "--config.file=" + (dir / "prometheus.yml").string(),
          "--storage.agent.path=" + (dir / "agent-data").string(),
          fmt::format("--web.listen-address=127.0.0.1:{}", port)};
}

}  // namespace rwchaos::harness::test
