#include "harness/checks/compute_counts.hpp"

#include <cmath>

#include <fmt/format.h>

#include "harness/common/counted.hpp"
#include "harness/checks/mesh_accounting.hpp"
#include "harness/checks/request_accounting.hpp"
#include "harness/checks/sample_accounting.hpp"

namespace rwchaos::harness {
namespace {

std::uint64_t whole(double value) { return value > 0 && std::isfinite(value) ? static_cast<std::uint64_t>(std::llround(value)) : 0; }

// What the client says it dropped, in the unit it counts, and the loss it did not report. Only a
// count in samples is subtracted from lost samples: a client that counts blocks (vmagent) says that
// it dropped, not how much, so its silent loss is known only when it reported nothing.
void tally_client(const ClientMetrics& client, Counts& counts) {
  counts.client_metrics_read = client.read;
  counts.client_dropped = counts.client_dropped_blocks = std::nullopt;
  if (!client.read) {
    counts.unknown["client_dropped"] = "the client's metrics could not be read";
    counts.unknown["client_dropped_blocks"] = "the client's metrics could not be read";
  } else if (client.dropped_unit == DropUnit::blocks) {
    counts.client_dropped_unit = "blocks";
    counts.client_dropped_blocks = whole(client.dropped);
    counts.unknown["client_dropped"] = "the client counts dropped blocks, not samples";
  } else {
    counts.client_dropped_unit = "samples";
    counts.client_dropped = whole(client.dropped);
    counts.unknown["client_dropped_blocks"] = "the client counts dropped samples, not blocks";
  }

  if (counts.lost == 0) {
    counts.silent_loss = 0;
  } else if (counts.client_dropped) {
    counts.silent_loss = counts.lost > *counts.client_dropped ? counts.lost - *counts.client_dropped : 0;
  } else if (counts.client_dropped_blocks == std::optional<std::uint64_t>(0)) {
    counts.silent_loss = counts.lost;  // it reported no drop at all: every lost sample is silent
  } else {
    counts.silent_loss = std::nullopt;
    counts.unknown["silent_loss"] =
        client.read ? fmt::format("the client reported {}, not how many of the {} {} held",
                                  counted(*counts.client_dropped_blocks, "dropped block"), counted(counts.lost, "lost sample"),
                                  *counts.client_dropped_blocks == 1 ? "it" : "they")
                    : fmt::format("{} samples lost and the client's metrics could not be read", counts.lost);
  }
}

}  // namespace

Counts compute_counts(const Observations& observations) {
  Counts counts;
  tally_samples(observations.expected, observations.stored, counts);
  tally_requests(observations.ledger, observations.expected, counts);
  tally_client(observations.client, counts);
  if (observations.mesh.present) {
    const MeshCounts mesh = mesh_counts(observations.mesh);
    counts.mesh_replies = mesh.reply_lines.size();
    counts.mesh_retries = observations.mesh.retries;
    counts.response_flags = mesh.response_flags;
  }
  // Connection faults have no request, so the ledger cannot show them: the upstream's /stats can.
  counts.refused_connections = acted(observations, "refuse");
  counts.idle_closed_connections = acted(observations, "idle_close");
  counts.faults_injected += counts.refused_connections + counts.idle_closed_connections;
  return counts;
}

}  // namespace rwchaos::harness
