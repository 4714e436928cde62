#include "harness/sender/sender_main.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "faults/upstream/process_lifecycle.hpp"
#include "harness/common/exit_codes.hpp"
#include "harness/sender/admin_server.hpp"
#include "harness/sender/http_url.hpp"
#include "harness/sender/scrape_loop.hpp"
#include "harness/sender/send_loop.hpp"

namespace rwchaos::harness::sender {
namespace {

using std::chrono::milliseconds;

struct Checked {
  HttpUrl write, scrape;
  Misbehaviours misbehave;
};

// Throws std::invalid_argument naming the option.
Checked check(const SenderOptions& options) {
  Checked checked{
      parse_http_url(options.write_url, "--write-url"), parse_http_url(options.scrape_url, "--scrape-url"), {}};
  if (!options.misbehave.empty()) {
    const ParsedMisbehaviours parsed = parse_misbehaviour_list(options.misbehave);
    if (!parsed.error.empty()) throw std::invalid_argument("--misbehave: " + parsed.error);
    checked.misbehave = parsed.set;
  }
  const std::pair<const char*, long> positive[] = {{"--interval-ms", options.interval_ms},
                                                   {"--send-timeout-ms", options.send_timeout_ms},
                                                   {"--min-backoff-ms", options.min_backoff_ms},
                                                   {"--max-backoff-ms", options.max_backoff_ms},
                                                   {"--flush-deadline-ms", options.flush_deadline_ms}};
  for (const auto& [name, value] : positive)
    if (value <= 0) throw std::invalid_argument(fmt::format("{}: must be above 0, got {}", name, value));
  if (options.max_backoff_ms < options.min_backoff_ms)
    throw std::invalid_argument("--max-backoff-ms: below --min-backoff-ms");
  if (options.max_samples_per_send == 0 || options.queue_capacity == 0)
    throw std::invalid_argument("--max-samples-per-send and --queue-capacity: must be above 0");
  return checked;
}

bool write_ready_file(const std::string& path, const AdminServer& admin) {
  const nlohmann::json ready{{"listen", admin.address()}, {"pid", static_cast<long>(::getpid())}};
  return faults::write_file_atomically(path, ready.dump() + "\n");
}

std::string names(const Misbehaviours& misbehave) {
  std::string out;
  for (Misbehaviour id : misbehave) out += (out.empty() ? "" : ",") + std::string(misbehaviour_name(id));
  return out.empty() ? "none" : out;
}

}  // namespace

int run_sender(const SenderOptions& options) {
  faults::StopSignals stop_signals;  // before any thread starts
  Checked checked;
  SenderMetrics metrics;  // before the admin server, whose /metrics reads it until it is destroyed
  std::unique_ptr<AdminServer> admin;
  try {
    checked = check(options);
    admin = std::make_unique<AdminServer>(options.listen, metrics);
    if (!options.ready_file.empty() && !write_ready_file(options.ready_file, *admin))
      throw std::runtime_error("cannot write ready file " + options.ready_file);
  } catch (const std::exception& error) {
    std::cerr << "rwchaos sender: error: " << error.what() << "\n";
    return exit_bad_input;
  }

  SampleQueue queue(options.queue_capacity);
  WriteClient client(checked.write, milliseconds(options.send_timeout_ms));
  SendLoop send_loop(queue, client, metrics,
                     {options.max_samples_per_send, milliseconds(options.min_backoff_ms),
                      milliseconds(options.max_backoff_ms), 3 * milliseconds(options.interval_ms), checked.misbehave});
  ScrapeLoop scrape_loop(options.scrape_url, milliseconds(options.interval_ms),
                         ScrapeSamples(options.job, checked.scrape.host_header), queue, metrics);
  std::thread sending([&send_loop] { send_loop.run(); });
  scrape_loop.start();
  std::cerr << fmt::format("rwchaos sender {}: scraping {} every {} ms, writing to {}, misbehave: {}, metrics on {}\n",
                           RWCHAOS_VERSION, options.scrape_url, options.interval_ms, options.write_url,
                           names(checked.misbehave), admin->address());

  const int signal = stop_signals.wait();
  const auto deadline = std::chrono::steady_clock::now() + milliseconds(options.flush_deadline_ms);
  std::cerr << fmt::format("rwchaos sender: signal {}: flushing {} queued samples for at most {} ms\n", signal,
                           queue.size(), options.flush_deadline_ms);
  scrape_loop.stop();
  queue.close();
  send_loop.flush_until(deadline);
  sending.join();
  std::cerr << fmt::format("rwchaos sender: stopped; {} samples sent, {} dropped at shutdown\n", metrics.samples_sent(),
                           metrics.samples_dropped("shutdown"));
  return exit_pass;
}

}  // namespace rwchaos::harness::sender
