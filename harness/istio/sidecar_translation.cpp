// hop + policies -> outbound and inbound sidecar configs (docs/envoy-semantics.md §7 I1-I8).
// Istio sources: pilot/pkg/networking/core/route/route.go `translateRoute` (route per match entry,
// name "<http.name>.<match.name>"), pilot/pkg/networking/core/route/retry/retry.go `DefaultPolicy`,
// `ConvertPolicy` (attempts, retryOn split into tokens and status codes), and for the inbound
// route's policy from 1.24 pilot/pkg/networking/core/route/retry/retry.go `ConvertPolicy` callers in
// pilot/pkg/networking/core/listener_inbound.go.
#include "harness/istio/sidecar_translation.hpp"

#include <fstream>
#include <set>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "harness/istio/istio_duration.hpp"
#include "harness/istio/istio_schema.hpp"
#include "harness/istio/sidecar_pool_translation.hpp"

namespace rwchaos::harness::istio {
namespace {

using faults::config::ErrorList;
using faults::config::InvalidInput;
using faults::config::LocatedError;

struct Resource {
  std::string file;
  std::string kind;  // DestinationRule | VirtualService
  std::string name;
  std::string ns;
  YAML::Node doc;
  YAML::Node spec;
};

LocatedError located(const std::string& file, const YAML::Node& node, const std::string& field, const std::string& message) {
  return LocatedError{file, node.Mark().line + 1, node.Mark().column + 1, field, message};
}

std::string warning_at(const std::string& file, const YAML::Node& node, const std::string& message) {
  return fmt::format("{}:{}:{}: warning: {}", file, node.Mark().line + 1, node.Mark().column + 1, message);
}

void collect(const std::string& file, const YAML::Node& doc, const std::string& default_ns, std::vector<Resource>& out) {
  if (!doc.IsMap()) return;
  const YAML::Node kind = doc["kind"];
  if (!kind || !kind.IsScalar()) return;
  if (kind.Scalar() == "List") {
    if (doc["items"] && doc["items"].IsSequence())
      for (const auto& item : doc["items"]) collect(file, item, default_ns, out);
    return;
  }
  if (kind.Scalar() != "DestinationRule" && kind.Scalar() != "VirtualService") return;
  const YAML::Node metadata = doc["metadata"];
  Resource resource{file, kind.Scalar(), "?", default_ns, doc, doc["spec"]};
  if (metadata && metadata["name"]) resource.name = metadata["name"].Scalar();
  if (metadata && metadata["namespace"]) resource.ns = metadata["namespace"].Scalar();
  out.push_back(resource);
}

// Istio's DefaultPolicy, per version (I1): 503 is a retriable status code before 1.24.
nlohmann::json default_retry_policy(const std::string& istio) {
  nlohmann::json tokens = nlohmann::json::array();
  for (const auto& token : split_retry_on(default_retry_on).tokens) tokens.push_back(token);
  nlohmann::json policy = {{"num_retries", default_retry_attempts},
                           {"retry_on", tokens},
                           {"retriable_status_codes", nlohmann::json::array()}};
  if (istio != "1.24") policy["retriable_status_codes"].push_back(503);
  return policy;
}

// VS `retries` -> Envoy RetryPolicy (I2); null: the route never retries.
nlohmann::json retry_policy(const YAML::Node& retries, const std::string& istio) {
  if (!retries) return default_retry_policy(istio);
  const YAML::Node attempts = retries["attempts"];
  if (!attempts || attempts.as<long long>(0) <= 0) return nullptr;
  nlohmann::json policy = default_retry_policy(istio);
  policy["num_retries"] = attempts.as<long long>();
  if (const YAML::Node on = retries["retryOn"]; on && on.IsScalar()) {
    // The validator's reading, but as the translation reads it (spaces around a part dropped).
    const RetryOnParts parts = split_retry_on(on.Scalar(), true);
    nlohmann::json tokens = nlohmann::json::array();
    for (const auto& token : parts.tokens)
      if (std::find(tokens.begin(), tokens.end(), token) == tokens.end()) tokens.push_back(token);
    const nlohmann::json codes = parts.status_codes;
    if (!codes.empty() && std::find(tokens.begin(), tokens.end(), "retriable-status-codes") == tokens.end())
      tokens.push_back("retriable-status-codes");
    policy["retry_on"] = tokens;
    policy["retriable_status_codes"] = codes;  // replaces the default list, even when empty
  }
  if (const YAML::Node per_try = retries["perTryTimeout"]) policy["per_try_timeout_ms"] = istio_duration_ms(per_try.Scalar());
  return policy;
}

class Translator {
 public:
  explicit Translator(const IstioHopInputs& hop) : hop_(hop), service_(istio_fqdn(hop.host, hop.ns)) {}

  SidecarConfigs run() {
    for (const auto& file : hop_.policies) {
      std::ifstream in(file);
      if (!in) {
        errors_.add(LocatedError{file, 0, 0, "", "cannot read the file"});
        continue;
      }
      try {
        for (const auto& doc : YAML::LoadAll(in)) collect(file, doc, hop_.ns, resources_);
      } catch (const YAML::Exception& e) {
        errors_.add(LocatedError{file, e.mark.line + 1, e.mark.column + 1, "", "YAML: " + e.msg});
      }
    }
    pick();
    SidecarConfigs out;
    out.outbound = outbound();
    if (hop_.server_sidecar) out.inbound = inbound();
    if (!errors_.empty()) throw InvalidInput(errors_);
    out.warnings = warnings_;
    return out;
  }

 private:
  // The one DR and the one VS for the hop's host; the others are warned about.
  void pick() {
    for (const auto& resource : resources_) {
      const bool dr = resource.kind == "DestinationRule";
      std::vector<std::pair<std::string, YAML::Node>> hosts;
      if (dr && resource.spec["host"]) hosts.emplace_back(resource.spec["host"].Scalar(), resource.spec["host"]);
      if (!dr && resource.spec["hosts"] && resource.spec["hosts"].IsSequence())
        for (const auto& host : resource.spec["hosts"]) hosts.emplace_back(host.Scalar(), host);
      bool matched = false;
      std::string expanded;
      for (const auto& [host, node] : hosts) {
        matched = matched || istio_host_matches(istio_fqdn(host, resource.ns), service_);
        expanded += (expanded.empty() ? "" : ", ") + istio_fqdn(host, resource.ns);
      }
      if (!matched) {
        warnings_.push_back(warning_at(resource.file, resource.doc["spec"],
                                       fmt::format("{} {} ({}) selects no host of this hop (hop.host {} is {}); ignored",
                                                   resource.kind, resource.name, expanded, hop_.host, service_)));
        continue;
      }
      const Resource*& slot = dr ? dr_ : vs_;
      if (slot) {
        errors_.add(located(resource.file, resource.doc["kind"], "kind",
                            fmt::format("a second {} for {} (the first is {} in {}): Istio merges them by rules "
                                        "the local model does not follow; not modelled", resource.kind, service_,
                                        slot->name, slot->file)));
        continue;
      }
      slot = &resource;
      if (dr) warn_unmodelled_policy(resource.file, resource.spec, warnings_);
    }
  }

  std::string cluster_name(const std::string& subset) const {
    return fmt::format("outbound|{}|{}|{}", hop_.port, subset, service_);
  }

  nlohmann::json cluster(const std::string& subset, Direction direction, const std::string& name) {
    const PoolSource source{dr_ ? dr_->spec : YAML::Node(), hop_.port, subset};
    return translate_pool(select_pool(source, direction), name);
  }

  void add_cluster(nlohmann::json& config, const std::string& subset, const YAML::Node& where) {
    const std::string name = cluster_name(subset);
    for (const auto& existing : config["clusters"])
      if (existing["name"] == name) return;
    if (!subset.empty() && !has_subset(subset))
      errors_.add(located(vs_->file, where, "destination.subset",
                          fmt::format("subset \"{}\" is not defined in {}", subset,
                                      dr_ ? "DestinationRule " + dr_->name : "any DestinationRule for " + service_)));
    config["clusters"].push_back(cluster(subset, Direction::outbound, name));
  }

  bool has_subset(const std::string& subset) const {
    if (!dr_ || !dr_->spec["subsets"] || !dr_->spec["subsets"].IsSequence()) return false;
    for (const auto& entry : dr_->spec["subsets"])
      if (entry["name"] && entry["name"].Scalar() == subset) return true;
    return false;
  }

  nlohmann::json base(const char* role) const {
    return {{"role", role}, {"istio", hop_.istio}, {"clusters", nlohmann::json::array()},
            {"routes", nlohmann::json::array()}};
  }

  nlohmann::json outbound() {
    nlohmann::json config = base("outbound");
    if (!vs_) {  // no VirtualService: one route "default" with Istio's default retry policy
      add_cluster(config, "", YAML::Node());
      nlohmann::json route = {{"name", "default"}, {"cluster", cluster_name("")}};
      route["retry_policy"] = default_retry_policy(hop_.istio);
      config["routes"].push_back(route);
      return config;
    }
    const YAML::Node http = vs_->spec["http"];
    if (http && http.IsSequence())
      for (std::size_t i = 0; i < http.size(); ++i) http_route(config, http[i], fmt::format("spec.http[{}]", i));
    if (config["routes"].empty()) {
      errors_.add(located(vs_->file, vs_->spec, "spec.http",
                          fmt::format("no http route of VirtualService {} can serve port {} of {}", vs_->name,
                                      hop_.port, service_)));
    }
    return config;
  }

  void http_route(nlohmann::json& config, const YAML::Node& http, const std::string& field) {
    static const std::set<std::string> modelled = {"name", "match", "route", "timeout", "retries"};
    for (const auto& entry : http) {
      if (!modelled.count(entry.first.Scalar()))
        errors_.add(located(vs_->file, entry.first, field + "." + entry.first.Scalar(),
                            "not modelled by the local sidecars (only match, route, timeout, retries)"));
    }
    const YAML::Node destinations = http["route"];
    if (!destinations || !destinations.IsSequence() || destinations.size() != 1) {
      errors_.add(located(vs_->file, destinations ? destinations : http, field + ".route",
                          "the local sidecars model exactly one destination per route (one endpoint)"));
      return;
    }
    const YAML::Node destination = destinations[0]["destination"];
    if (!destination) return;  // the validator requires it
    const std::string host = destination["host"] ? destination["host"].Scalar() : "";
    if (!istio_host_matches(istio_fqdn(host, vs_->ns), service_)) {
      warnings_.push_back(warning_at(vs_->file, destination["host"] ? destination["host"] : destination,
                                     fmt::format("route to {} is not the hop's host {}; the route is ignored",
                                                 host, service_)));
      return;
    }
    if (destination["port"] && destination["port"]["number"] &&
        destination["port"]["number"].as<int>(-1) != hop_.port) {
      errors_.add(located(vs_->file, destination["port"]["number"], field + ".route[0].destination.port.number",
                          fmt::format("the hop serves port {} only (hop.port)", hop_.port)));
      return;
    }
    const std::string subset = destination["subset"] ? destination["subset"].Scalar() : "";
    add_cluster(config, subset, destination["subset"] ? destination["subset"] : destination);
    nlohmann::json route = {{"cluster", cluster_name(subset)}};
    if (http["timeout"]) route["timeout_ms"] = istio_duration_ms(http["timeout"].Scalar());
    const nlohmann::json retry = retry_policy(http["retries"], hop_.istio);
    if (!retry.is_null()) route["retry_policy"] = retry;
    const std::string name = http["name"] ? http["name"].Scalar() : "";
    const YAML::Node matches = http["match"];
    if (!matches || !matches.IsSequence() || matches.size() == 0) {
      route["name"] = name;
      config["routes"].push_back(route);
      return;
    }
    for (std::size_t j = 0; j < matches.size(); ++j) {
      const auto match = route_match(matches[j], fmt::format("{}.match[{}]", field, j));
      if (!match) continue;
      nlohmann::json one = route;
      const YAML::Node match_name = matches[j]["name"];
      one["name"] = match_name ? name + "." + match_name.Scalar() : name;
      one["match"] = *match;
      config["routes"].push_back(one);
    }
  }

  // One VS match entry as a sidecar route match; none when it cannot match the hop's port.
  std::optional<nlohmann::json> route_match(const YAML::Node& match, const std::string& field) {
    static const std::set<std::string> modelled = {"name", "port", "uri", "method", "ignoreUriCase"};
    nlohmann::json out = nlohmann::json::object();
    for (const auto& entry : match) {
      const std::string key = entry.first.Scalar();
      if (!modelled.count(key)) {
        errors_.add(located(vs_->file, entry.first, field + "." + key,
                            "not modelled by the local sidecars (match on port, uri exact/prefix, method exact, "
                            "ignoreUriCase only)"));
      }
    }
    if (match["port"] && match["port"].as<int>(-1) != hop_.port) return std::nullopt;
    if (const YAML::Node uri = match["uri"]) {
      for (const auto& entry : uri) {
        const std::string kind = entry.first.Scalar();
        if (kind == "exact" || kind == "prefix") out[kind] = entry.second.Scalar();
        else errors_.add(located(vs_->file, entry.first, field + ".uri." + kind, "not modelled (exact and prefix only)"));
      }
    }
    if (const YAML::Node method = match["method"]) {
      for (const auto& entry : method) {
        if (entry.first.Scalar() == "exact") out["method"] = entry.second.Scalar();
        else errors_.add(located(vs_->file, entry.first, field + ".method." + entry.first.Scalar(), "not modelled (exact only)"));
      }
    }
    if (match["ignoreUriCase"]) out["ignore_case"] = match["ignoreUriCase"].as<bool>(false);
    return out;
  }

  // I4-I6: the server's sidecar: one route "default", no timeout, reset-before-request x2 from 1.24.
  nlohmann::json inbound() {
    nlohmann::json config = base("inbound");
    const std::string name = fmt::format("inbound|{}||", hop_.port);
    config["clusters"].push_back(cluster("", Direction::inbound, name));
    nlohmann::json route = {{"name", "default"}, {"cluster", name}};
    if (hop_.istio == "1.24")
      route["retry_policy"] = {{"num_retries", 2}, {"retry_on", {"reset-before-request"}}};
    config["routes"].push_back(route);
    return config;
  }

  const IstioHopInputs& hop_;
  std::string service_;
  std::vector<Resource> resources_;
  const Resource* dr_ = nullptr;
  const Resource* vs_ = nullptr;
  ErrorList errors_;
  std::vector<std::string> warnings_;
};

}  // namespace

std::string istio_fqdn(const std::string& name, const std::string& ns) {
  if (name.find('.') != std::string::npos || name == "*") return name;
  return name + "." + ns + ".svc.cluster.local";
}

bool istio_host_matches(const std::string& rule_host, const std::string& service) {
  if (rule_host == "*") return true;
  if (rule_host.rfind("*.", 0) == 0) {
    const std::string suffix = rule_host.substr(1);
    return service.size() > suffix.size() && service.compare(service.size() - suffix.size(), suffix.size(), suffix) == 0;
  }
  return rule_host == service;
}

SidecarConfigs translate_istio_hop(const IstioHopInputs& hop) { return Translator(hop).run(); }

}  // namespace rwchaos::harness::istio
