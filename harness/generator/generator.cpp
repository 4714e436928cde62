#include "harness/generator/generator.hpp"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include <fmt/format.h>

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

std::string query_time(const httplib::Request& req) {
  std::string time = req.get_param_value("time");
  if (time.empty()) time = fmt::format("{}", std::time(nullptr));
  return time;
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
    const std::string time = query_time(req);
    std::vector<double> values = {static_cast<double>(self->next_query_++)};
    std::string result = fmt::format(R"({{"metric":{{"__name__":"{}"}},"value":[{},"{}"]}})", generator_query_metric,
                                     time, values.back());
    if (self->stopping_) {
      values.push_back(static_cast<double>(self->next_query_++));
      result += fmt::format(R"(,{{"metric":{{"__name__":"{}","rwchaos_series":"stopping"}},"value":[{},"{}"]}})",
                            generator_query_metric, time, values.back());
    }
    std::string body = R"({"status":"success","data":{"resultType":"vector","result":[)" + result + "]}}";
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
