#pragma once
// Where a scenario runs: the processes of one run and the few verbs the runner needs. `local` runs
// children on 127.0.0.1; another kind (kind cluster) implements the same verbs.
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/checks/observations.hpp"
#include "harness/scenario/scenario.hpp"

namespace rwchaos::harness {

// The environment broke (a port taken, storage would not start, a child exited early): the run's
// verdict is `error`, exit 2.
class EnvironmentError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Endpoints {
  std::string client_write_url;      // base URL the client writes to: the hop, else the upstream
  std::string upstream_url;          // the upstream's remote-write listener
  std::string upstream_control_url;  // its control API
  std::string hop_url;               // empty without a hop
  std::string storage_url;           // empty with `storage: none`
  std::string generator_url;
};

class Environment {
 public:
  virtual ~Environment() = default;
  // Starts storage, upstream, hop, generator and client, in this order; installs `first_plan` before
  // the client starts. Throws EnvironmentError.
  virtual void start(const Scenario& scenario, const std::filesystem::path& run_dir,
                     const std::string& first_plan) = 0;
  virtual const Endpoints& endpoints() const = 0;
  // PUT /plan (YAML: seed + faults). Throws EnvironmentError when the upstream rejects it.
  virtual void set_plan(const std::string& plan_yaml) = 0;
  // The generator's stopping series (scenario `generator.stopping_series`) disappears from its answers.
  // Throws EnvironmentError where it cannot be done.
  virtual void stop_series() = 0;
  // Empty while everything runs; else why the run cannot go on (which child exited, its log tail).
  virtual std::string failure() = 0;
  // Stops new ground truth, then waits (up to `limit`) until storage holds every expected value and
  // every payload the upstream saw was once answered 2xx, and the upstream was quiet for a moment.
  // `poll` is called between two looks (a few times a second; the runner shows progress there) and
  // stops the drain by returning true. Returns true when that state was reached, false when `limit`
  // ran out or `poll` stopped it.
  virtual bool drain(std::chrono::milliseconds limit, const std::function<bool()>& poll) = 0;
  // The upstream's GET /stats (requests, faults_injected, ...); empty object when unreadable.
  virtual nlohmann::json upstream_stats() = 0;
  // The upstream's GET /ledger?since=ID: records with id > `since`, in-flight ones included. Throws
  // EnvironmentError when the upstream does not answer.
  virtual std::vector<faults::LedgerRecord> ledger_since(std::uint64_t since) = 0;
  // The client's own /metrics, read while it still runs.
  virtual ClientMetrics read_client_metrics() = 0;
  // SIGTERM, grace, SIGKILL; the client flushes what it still holds.
  virtual void stop_client() = 0;
  // Ledger, ground truth, storage contents (after a flush) and the client metrics last read.
  virtual Observations collect() = 0;
  // Stops every child; safe to call twice and after a failed start.
  virtual void stop_all() = 0;
  // "victoria-metrics: logs/victoria-metrics.log", ... for reports.
  virtual std::vector<std::filesystem::path> log_files() const = 0;
};

// `local` or `kind`; throws EnvironmentError for an unknown kind (or a kind whose tools are missing).
std::unique_ptr<Environment> make_environment(const std::string& kind);

}  // namespace rwchaos::harness
