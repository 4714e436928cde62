#pragma once
// The sender's scrape thread: scrapes the target every interval (the first at once) and queues each
// scrape's samples, stamped with the scrape's start time like Prometheus does.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "harness/sender/sample_queue.hpp"
#include "harness/sender/scrape_samples.hpp"
#include "harness/sender/sender_metrics.hpp"

namespace rwchaos::harness::sender {

class ScrapeLoop {
 public:
  // `url`: the target's metrics URL; each scrape times out after `interval`.
  ScrapeLoop(std::string url, std::chrono::milliseconds interval, ScrapeSamples samples, SampleQueue& queue,
             SenderMetrics& metrics);
  ~ScrapeLoop() { stop(); }
  ScrapeLoop(const ScrapeLoop&) = delete;
  ScrapeLoop& operator=(const ScrapeLoop&) = delete;

  void start();
  // Returns once the thread is done: no scrape after this.
  void stop();

 private:
  void run();
  void scrape_once();

  std::string url_;
  std::chrono::milliseconds interval_;
  ScrapeSamples samples_;
  SampleQueue& queue_;
  SenderMetrics& metrics_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace rwchaos::harness::sender
