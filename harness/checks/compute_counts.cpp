#include "harness/checks/compute_counts.hpp"

#include <cmath>

#include "harness/checks/mesh_accounting.hpp"
#include "harness/checks/request_accounting.hpp"
#include "harness/checks/sample_accounting.hpp"

namespace rwchaos::harness {
namespace {

// What the client says it dropped, and the loss it did not report.
void tally_client(const ClientMetrics& client, Counts& counts) {
  counts.client_metrics_read = client.read;
  const double dropped = client.read ? client.dropped_samples : 0;
  counts.client_dropped = dropped > 0 && std::isfinite(dropped) ? static_cast<std::uint64_t>(std::llround(dropped)) : 0;
  counts.silent_loss = counts.lost > counts.client_dropped ? counts.lost - counts.client_dropped : 0;
}

}  // namespace

Counts compute_counts(const Observations& observations) {
  Counts counts;
  tally_samples(observations.expected, observations.stored, counts);
  tally_requests(observations.ledger, counts);
  tally_client(observations.client, counts);
  counts.refused_connections = observations.refused_connections;
  counts.faults_injected += observations.refused_connections;
  if (observations.mesh.present) {
    const MeshCounts mesh = mesh_counts(observations.mesh);
    counts.mesh_replies = mesh.replies;
    counts.mesh_retries = mesh.retries;
    counts.response_flags = mesh.response_flags;
  }
  return counts;
}

}  // namespace rwchaos::harness
