#pragma once
// One scrape as samples, the way Prometheus' scrape loop makes them (scrape/scrape.go): every series
// of the answer with the target's job and instance labels, the three series a scrape always writes
// (up, scrape_duration_seconds, scrape_samples_scraped), and stale markers for the series the last
// scrape had and this one lacks, a failed scrape lacking them all (remote-write 1.0 "Stale Markers",
// techniques 2 and 3).
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "harness/sender/batch.hpp"

namespace rwchaos::harness::sender {

class ScrapeSamples {
 public:
  ScrapeSamples(std::string job, std::string instance) : job_(std::move(job)), instance_(std::move(instance)) {}

  // `text`: the answer (Prometheus text format) of a scrape that got 200, nullopt for one that did not.
  Batch of_scrape(const std::optional<std::string>& text, double duration_seconds, std::int64_t timestamp_ms);

 private:
  std::shared_ptr<const Labels> series(const std::string& name, Labels labels) const;

  std::string job_, instance_;
  std::map<Labels, std::shared_ptr<const Labels>> last_;  // the target's series in the last scrape
};

// `name{a="b",...}` (as parse_metrics_text keys series) as labels sorted by name, __name__ included.
// nullopt when the key does not parse.
std::optional<Labels> labels_of_series_key(const std::string& key);

}  // namespace rwchaos::harness::sender
