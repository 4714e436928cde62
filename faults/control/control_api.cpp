#include "faults/control/control_api.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "faults/catalogue/parse_plan.hpp"

namespace rwchaos::faults::control {
namespace {

void json_error(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(nlohmann::json{{"error", message}}.dump() + "\n", "application/json");
}

}  // namespace

void install_routes(httplib::Server& server, ControlTargets t) {
  server.set_payload_max_length(max_control_body_bytes);
  if (!t.token.empty()) {
    server.set_pre_routing_handler([token = t.token](const httplib::Request& req, httplib::Response& res) {
      if (req.get_header_value("Authorization") == "Bearer " + token) return httplib::Server::HandlerResponse::Unhandled;
      json_error(res, 401, "missing or wrong bearer token");
      return httplib::Server::HandlerResponse::Handled;
    });
  }
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) { res.set_content("ok", "text/plain"); });
  server.Get("/plan", [t](const httplib::Request&, httplib::Response& res) {
    res.set_content(t.plans.current()->yaml, "application/yaml");
  });
  server.Put("/plan", [t](const httplib::Request& req, httplib::Response& res) {
    try {
      engine::Plan plan = catalogue::parse_plan(req.body, "plan");
      const std::size_t n = plan.faults.size();
      t.plans.install(std::move(plan));
      res.set_content(nlohmann::json{{"faults", n}}.dump() + "\n", "application/json");
    } catch (const config::InvalidInput& error) {
      json_error(res, 400, error.what());
    }
  });
  server.Get("/ledger", [t](const httplib::Request& req, httplib::Response& res) {
    std::uint64_t since = 0;
    if (req.has_param("since")) {
      const std::string text = req.get_param_value("since");
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), since);
      if (ec != std::errc{} || end != text.data() + text.size()) return json_error(res, 400, "since: expected a request id");
    }
    res.set_content(t.ledger.jsonl_since(since), "application/x-ndjson");
  });
  server.Get("/stats", [t](const httplib::Request&, httplib::Response& res) {
    auto stats = t.stats.to_json();
    if (t.budget) {
      stats["buffered_bytes"] = t.budget->in_use();
      stats["buffered_bytes_limit"] = t.budget->limit();
    }
    res.set_content(stats.dump() + "\n", "application/json");
  });
  server.Get("/connection-faults", [t](const httplib::Request&, httplib::Response& res) {
    res.set_content(t.stats.connection_faults_jsonl(), "application/x-ndjson");
  });
  server.Get("/export", [t](const httplib::Request&, httplib::Response& res) {
    if (t.has_storage) return json_error(res, 404, "samples are committed to --forward storage; export from there");
    res.set_content(t.book.export_jsonl(), "application/stream+json");
  });
  server.Get("/metrics", [t](const httplib::Request&, httplib::Response& res) {
    std::string text = t.stats.to_prometheus();
    if (t.budget) {
      text += ledger::prometheus_metric("rwchaos_upstream_buffered_bytes",
                                        "Bytes held by requests in progress (bodies and decoded payloads).", "gauge",
                                        t.budget->in_use());
      text += ledger::prometheus_metric("rwchaos_upstream_buffered_bytes_limit",
                                        "The memory budget (--max-buffered-bytes).", "gauge", t.budget->limit());
    }
    res.set_content(text, "text/plain; version=0.0.4");
  });
  server.Post("/reset", [t](const httplib::Request&, httplib::Response& res) {
    t.plans.clear();
    t.ledger.clear();
    t.book.clear();
    res.set_content("{}\n", "application/json");
  });
}

}  // namespace rwchaos::faults::control
