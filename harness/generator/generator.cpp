#include "harness/generator/generator.hpp"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "harness/generator/query_time.hpp"

namespace rwchaos::harness {

namespace {

// Serves `body` and calls on_delivered only when every byte reached the socket (httplib reports
// success to the releaser once the content provider finished writing).
void serve_counted(httplib::Response& res, std::string body, const char* content_type,
                   std::function<void()> on_delivered) {
  auto shared = std::make_shared<std::string>(std::move(body));
  res.set_content_provider(
      shared->size(), content_type,
      [shared](size_t offset, size_t length, httplib::DataSink& sink) {
        return sink.write(shared->data() + offset, length);
      },
      [on_delivered = std::move(on_delivered)](bool success) {
        if (success) on_delivered();
      });
}

// The sample time of an instant query's answer: its `time` parameter (any form the Prometheus API
// takes, query_time.hpp), else now; in seconds, a JSON number as Prometheus writes it.
std::optional<nlohmann::json> query_time(const httplib::Request& req, std::string* why) {
  const std::string text = req.get_param_value("time");
  std::int64_t ms = 0;
  if (text.empty()) {
    ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  } else if (auto parsed = parse_query_time(text, why)) {
    ms = *parsed;
  } else {
    return std::nullopt;
  }
  if (ms % 1000 == 0) return nlohmann::json(ms / 1000);
  return nlohmann::json(static_cast<double>(ms) / 1000.0);
}

// Prometheus' answer to a bad parameter (web/api/v1/api.go: invalidParamError, parseTimeParam;
// errorBadData is 400).
std::string bad_time_answer(const std::string& why) {
  return nlohmann::json{{"status", "error"},
                        {"errorType", "bad_data"},
                        {"error", "invalid parameter \"time\": Invalid time value for 'time': " + why}}
      .dump();
}

}  // namespace

std::unique_ptr<Generator> Generator::start(int port) {
  auto generator = std::unique_ptr<Generator>(new Generator());
  generator->server_ = std::make_unique<httplib::Server>();
  auto& server = *generator->server_;
  Generator* self = generator.get();

  server.Get("/metrics", [self](const httplib::Request&, httplib::Response& res) {
    if (self->frozen_) {
      res.status = 503;
      return;
    }
    const double value = static_cast<double>(self->next_scrape_++);
    std::string body = fmt::format("# HELP {0} Rises by one per scrape (rwchaos ground truth).\n"
                                   "# TYPE {0} counter\n{0} {1}\n",
                                   generator_scrape_metric, value);
    std::vector<double> values = {value};
    if (self->stopping_) {
      values.push_back(static_cast<double>(self->next_scrape_++));
      body += fmt::format("{}{{{}}} {}\n", generator_scrape_metric, stopping_series_label, values.back());
    }
    serve_counted(res, std::move(body), "text/plain; version=0.0.4",
                  [self, values] { self->record(self->scraped_, values); });
  });

  auto query = [self](const httplib::Request& req, httplib::Response& res) {
    if (self->frozen_) {
      res.status = 503;
      res.set_content(R"({"status":"error","errorType":"unavailable","error":"generator frozen"})", "application/json");
      return;
    }
    std::string why;
    const auto time = query_time(req, &why);
    if (!time) {
      res.status = 400;
      res.set_content(bad_time_answer(why), "application/json");
      return;
    }
    std::vector<double> values = {static_cast<double>(self->next_query_++)};
    nlohmann::json result = nlohmann::json::array();
    result.push_back({{"metric", {{"__name__", generator_query_metric}}},
                      {"value", nlohmann::json::array({*time, fmt::format("{}", values.back())})}});
    if (self->stopping_) {
      values.push_back(static_cast<double>(self->next_query_++));
      result.push_back({{"metric", {{"__name__", generator_query_metric}, {"rwchaos_series", "stopping"}}},
                        {"value", nlohmann::json::array({*time, fmt::format("{}", values.back())})}});
    }
    std::string body = nlohmann::json{{"status", "success"}, {"data", {{"resultType", "vector"}, {"result", result}}}}.dump();
    serve_counted(res, std::move(body), "application/json", [self, values] { self->record(self->queried_, values); });
  };
  server.Get("/api/v1/query", query);
  server.Post("/api/v1/query", query);

  generator->port_ = port == 0 ? server.bind_to_any_port("127.0.0.1")
                               : (server.bind_to_port("127.0.0.1", port) ? port : -1);
  if (generator->port_ <= 0) throw std::runtime_error("generator: cannot bind 127.0.0.1");
  generator->thread_ = std::thread([self] { self->server_->listen_after_bind(); });
  return generator;
}

Generator::~Generator() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

std::string Generator::base_url() const { return "http://" + host_port(); }
std::string Generator::host_port() const { return fmt::format("127.0.0.1:{}", port_); }

void Generator::record(std::vector<double>& into, const std::vector<double>& values) {
  std::lock_guard lock(mutex_);
  into.insert(into.end(), values.begin(), values.end());
}

void Generator::freeze() {
  if (frozen_.exchange(true)) return;
  frozen_unix_ms_ = std::chrono::duration<double, std::milli>(std::chrono::system_clock::now().time_since_epoch()).count();
}

namespace {
std::vector<double> ascending(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values;
}
}  // namespace

std::vector<double> Generator::scraped_values() const {
  std::lock_guard lock(mutex_);
  return ascending(scraped_);
}

std::vector<double> Generator::queried_values() const {
  std::lock_guard lock(mutex_);
  return ascending(queried_);
}

}  // namespace rwchaos::harness
