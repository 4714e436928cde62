#include "harness/sender/sender_metrics.hpp"

#include <fmt/format.h>

namespace rwchaos::harness::sender {
namespace {

void family(std::string& out, const char* name, const char* type, const char* help) {
  out += fmt::format("# HELP {0} {2}\n# TYPE {0} {1}\n", name, type, help);
}

}  // namespace

void SenderMetrics::scraped(bool ok) {
  ++scrapes_;
  if (!ok) ++scrape_failures_;
}

void SenderMetrics::attempted(int status, std::uint64_t samples, bool retry) {
  if (retry) {
    ++retries_;
    samples_retried_ += samples;
  }
  std::lock_guard lock(mutex_);
  ++requests_by_status_[status == 0 ? "none" : std::to_string(status)];
}

void SenderMetrics::dropped(const std::string& reason, std::uint64_t samples) {
  std::lock_guard lock(mutex_);
  dropped_by_reason_[reason] += samples;
}

std::uint64_t SenderMetrics::samples_dropped(const std::string& reason) const {
  std::lock_guard lock(mutex_);
  const auto it = dropped_by_reason_.find(reason);
  return it == dropped_by_reason_.end() ? 0 : it->second;
}

std::string SenderMetrics::render() const {
  std::string out;
  family(out, "rwchaos_sender_scrapes_total", "counter", "Scrapes of the target.");
  out += fmt::format("rwchaos_sender_scrapes_total {}\n", scrapes_.load());
  family(out, "rwchaos_sender_scrape_failures_total", "counter", "Scrapes that got no 200 answer.");
  out += fmt::format("rwchaos_sender_scrape_failures_total {}\n", scrape_failures_.load());
  family(out, "rwchaos_sender_samples_appended_total", "counter", "Samples queued for sending.");
  out += fmt::format("rwchaos_sender_samples_appended_total {}\n", samples_appended_.load());
  family(out, "rwchaos_sender_samples_sent_total", "counter", "Samples in requests answered 2xx.");
  out += fmt::format("rwchaos_sender_samples_sent_total {}\n", samples_sent_.load());
  family(out, "rwchaos_sender_samples_retried_total", "counter", "Samples sent again after a failed attempt.");
  out += fmt::format("rwchaos_sender_samples_retried_total {}\n", samples_retried_.load());
  family(out, "rwchaos_sender_retries_total", "counter", "Requests that retried a failed attempt.");
  out += fmt::format("rwchaos_sender_retries_total {}\n", retries_.load());
  family(out, "rwchaos_sender_samples_pending", "gauge", "Samples queued or in flight.");
  out += fmt::format("rwchaos_sender_samples_pending {}\n", samples_pending_.load());
  std::lock_guard lock(mutex_);
  family(out, "rwchaos_sender_requests_total", "counter",
         "Requests by the status they were answered (none: no response).");
  for (const auto& [status, count] : requests_by_status_)
    out += fmt::format("rwchaos_sender_requests_total{{status=\"{}\"}} {}\n", status, count);
  family(out, "rwchaos_sender_samples_dropped_total", "counter", "Samples given up on, by reason.");
  for (const auto& [reason, count] : dropped_by_reason_)
    out += fmt::format("rwchaos_sender_samples_dropped_total{{reason=\"{}\"}} {}\n", reason, count);
  return out;
}

}  // namespace rwchaos::harness::sender
