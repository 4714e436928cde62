#include "harness/sender/scrape_loop.hpp"

#include "harness/process/http_client.hpp"

namespace rwchaos::harness::sender {

ScrapeLoop::ScrapeLoop(std::string url, std::chrono::milliseconds interval, ScrapeSamples samples, SampleQueue& queue,
                       SenderMetrics& metrics)
    : url_(std::move(url)), interval_(interval), samples_(std::move(samples)), queue_(queue), metrics_(metrics) {}

void ScrapeLoop::start() {
  thread_ = std::thread([this] { run(); });
}

void ScrapeLoop::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ScrapeLoop::run() {
  auto next = std::chrono::steady_clock::now();
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      if (wake_.wait_until(lock, next, [this] { return stopping_; })) return;
    }
    scrape_once();
    // A scrape that overran its slot skips the slots it missed, as a scrape loop's ticker does.
    const auto now = std::chrono::steady_clock::now();
    while (next <= now) next += interval_;
  }
}

void ScrapeLoop::scrape_once() {
  const auto started = std::chrono::system_clock::now();
  const auto clock_start = std::chrono::steady_clock::now();
  const HttpAnswer answer = http_get(url_, interval_);
  const double duration = std::chrono::duration<double>(std::chrono::steady_clock::now() - clock_start).count();
  const bool ok = answer.status == 200;
  const auto timestamp_ms = std::chrono::duration_cast<std::chrono::milliseconds>(started.time_since_epoch()).count();
  const Batch batch =
      samples_.of_scrape(ok ? std::optional<std::string>(answer.body) : std::nullopt, duration, timestamp_ms);
  metrics_.scraped(ok);
  metrics_.appended(batch.size());
  if (const std::size_t dropped = queue_.append(batch); dropped > 0) metrics_.dropped("queue_full", dropped);
}

}  // namespace rwchaos::harness::sender
