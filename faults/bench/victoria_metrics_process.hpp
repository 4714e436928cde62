#pragma once
// A real victoria-metrics for the bench's ingest-rate comparison: spawned with Boost.Process on a
// loopback port with a temporary storage folder; killed and its folder removed when this object
// goes, and killed by the kernel if the bench dies first (PR_SET_PDEATHSIG), so no run leaves a
// victoria-metrics behind.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace rwchaos::faults::bench {

class VictoriaMetricsProcess {
 public:
  // Starts `binary` and waits (bounded) for GET /health. Throws std::runtime_error naming the
  // binary, with the tail of its log, when it is missing or does not become healthy.
  explicit VictoriaMetricsProcess(const std::string& binary);
  ~VictoriaMetricsProcess();
  VictoriaMetricsProcess(const VictoriaMetricsProcess&) = delete;
  VictoriaMetricsProcess& operator=(const VictoriaMetricsProcess&) = delete;

  std::uint16_t port() const { return port_; }
  int pid() const;
  // The value of one series of its /metrics, e.g. `vm_rows_inserted_total{type="promremotewrite"}`.
  std::optional<double> metric(const std::string& series) const;

 private:
  struct Child;
  std::filesystem::path dir_;
  std::uint16_t port_ = 0;
  std::unique_ptr<Child> child_;
};

}  // namespace rwchaos::faults::bench
