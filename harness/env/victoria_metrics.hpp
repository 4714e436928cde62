#pragma once
// Real single-node victoria-metrics as the storage of a run: data in the run folder, loopback port.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "harness/checks/observations.hpp"
#include "harness/process/child_process.hpp"

namespace rwchaos::harness {

class VictoriaMetrics {
 public:
  // Starts the binary with -storageDataPath=data_dir on a free port and waits for /health.
  // Retries with another port when the first one was taken meanwhile. Throws with the log tail.
  static std::unique_ptr<VictoriaMetrics> start(const std::string& binary, const std::filesystem::path& data_dir,
                                                const std::filesystem::path& log_file);

  std::string base_url() const;   // http://127.0.0.1:P
  std::string write_url() const;  // .../api/v1/write
  ChildProcess& process() { return *process_; }

  // Makes just-ingested samples visible to export (/internal/force_flush, app/vmstorage/main.go).
  void force_flush();
  // Every series whose name is in `names`, via /api/v1/export. Staleness markers (NaN) are left out:
  // they are the scraper's bookkeeping, not samples of the generator.
  std::vector<StoredSeries> export_series(const std::vector<std::string>& names);

 private:
  std::unique_ptr<ChildProcess> process_;
  int port_ = 0;
};

// Parses VictoriaMetrics export JSON lines (also the upstream's GET /export). Throws on a bad line.
std::vector<StoredSeries> parse_export_lines(const std::string& body);

}  // namespace rwchaos::harness
