// VirtualService: each http route's retry policy as Envoy will get it (Istio's defaults included),
// and the 503 UC warnings. Semantics: docs/envoy-semantics.md §2 and §4.
#include <algorithm>

#include <fmt/format.h>

#include "harness/istio/istio_schema.hpp"
#include "harness/istio/istio_yaml_checks.hpp"

namespace rwchaos::harness::istio {
namespace {

class VirtualServiceWalker : YamlChecks {
 public:
  using YamlChecks::YamlChecks;

  void virtual_service(const YAML::Node& spec, const std::string& resource) {
    if (!check_map(spec, "spec", "VirtualService")) return;
    check_other_fields(spec, "spec", "VirtualService", {"hosts", "http"});
    std::vector<std::string> hosts;
    if (const YAML::Node node = spec["hosts"]) {
      if (!node.IsSequence()) error(node, "spec.hosts", "expected a list of hosts");
      else for (const auto& host : node) hosts.push_back(host.IsScalar() ? host.Scalar() : "?");
    }
    const YAML::Node routes = spec["http"];
    if (!routes) return;
    if (!routes.IsSequence()) return error(routes, "spec.http", "expected a list of routes");
    for (std::size_t i = 0; i < routes.size(); ++i) {
      http_route(routes[i], fmt::format("spec.http[{}]", i), resource, hosts);
    }
  }

  void http_route(const YAML::Node& node, const std::string& field, const std::string& resource,
                  const std::vector<std::string>& hosts) {
    if (!check_map(node, field, "HTTPRoute")) return;
    check_other_fields(node, field, "HTTPRoute", {"timeout", "retries"});
    if (const YAML::Node timeout = node["timeout"]) duration(timeout, field + ".timeout", true);
    if (!node["route"]) return;  // redirect, directResponse or delegate: no upstream, no retries
    IstioRetryPolicy policy;
    policy.where = line_of(node) + ": " + resource + " " + field;
    policy.hosts = hosts;
    const YAML::Node retries = node["retries"];
    if (!retries) {
      policy.istio_default = true;
      policy.attempts = istio::default_retry_attempts;
      policy.retry_on = istio::split_retry_on(istio::default_retry_on).tokens;
      warning(node, field + ".retries",
              fmt::format("no retries block: Istio's default policy ({} attempts, retryOn {}) does not "
                          "retry an upstream reset before headers; Envoy will answer 503 UC",
                          istio::default_retry_attempts, istio::default_retry_on));
    } else if (!retry_policy(retries, field + ".retries", policy)) {
      return;
    }
    if (node["fault"] && !policy.istio_default && policy.attempts > 0) {
      warning(node["fault"], field + ".fault",
              "fault injection is set on this route: Istio then enables no retries or timeouts on it");
    }
    out_.retry_policies.push_back(policy);
  }

  bool retry_policy(const YAML::Node& node, const std::string& field, IstioRetryPolicy& policy) {
    if (!check_map(node, field, "HTTPRetry")) return false;
    const std::size_t errors_before = out_.errors.size();
    if (const YAML::Node value = node["attempts"]) {
      const auto n = integer(value, field + ".attempts", 0);
      if (!n) return false;  // said why; "attempts: 0" advice would only confuse
      policy.attempts = static_cast<int>(*n);
    }
    if (const YAML::Node value = node["perTryTimeout"]) {
      policy.per_try_timeout = duration(value, field + ".perTryTimeout", false);
    }
    const bool newer_fields = release_.has(find_field("HTTPRetry", "backoff")->since);  // else check_map said so
    if (const YAML::Node value = node["backoff"]; value && newer_fields) duration(value, field + ".backoff", false);
    if (const YAML::Node value = node["retryRemoteLocalities"]) {
      policy.retry_remote_localities = boolean(value, field + ".retryRemoteLocalities").value_or(false);
    }
    if (const YAML::Node value = node["retryIgnorePreviousHosts"]; value && newer_fields) {
      boolean(value, field + ".retryIgnorePreviousHosts");
    }
    if (const YAML::Node value = node["retryOn"]) {
      retry_on(value, field + ".retryOn", policy);
    } else {
      policy.retry_on = istio::split_retry_on(istio::default_retry_on).tokens;  // Istio keeps the default's retryOn
    }
    if (policy.attempts == 0) {
      if (node["perTryTimeout"] || node["retryOn"] || node["retryRemoteLocalities"]) {
        // istio/istio validateHTTPRetry rejects this combination.
        error(node, field, "http retry policy configured when attempts are set to 0 (disabled): "
                           "set attempts >= 1 or remove the other retry fields");
      } else {
        warning(node, field + ".attempts", "retries are disabled (attempts: 0): an upstream reset "
                                           "before headers reaches the client as 503 UC");
      }
    }
    if (out_.errors.size() != errors_before) return false;
    if (policy.attempts == 0) policy.retry_on.clear();  // Istio installs no retry policy at all
    if (policy.attempts > 0 && !policy.retries_reset_after_send()) reset_warning(node, field, policy);
    return true;
  }

  void retry_on(const YAML::Node& node, const std::string& field, IstioRetryPolicy& policy) {
    if (!node.IsScalar() || node.Scalar().empty()) {
      return error(node, field, fmt::format("expected a comma-separated list like \"reset,connect-failure\", got {}",
                                            describe(node)));
    }
    const istio::RetryOnParts parts = istio::split_retry_on(node.Scalar());
    policy.retriable_status_codes = parts.status_codes;
    for (const std::string& token : parts.tokens) {
      if (istio::retry_on_tokens(release_).count(token) != 0)
        policy.retry_on.push_back(token);
      else
        error(node, field, retry_on_message(token, release_));
    }
  }

  static std::string retry_on_message(const std::string& token, IstioRelease release) {
    std::string message = fmt::format("\"{}\" is not a valid retryOn policy", token);
    if (const auto since = istio::retry_on_token_since(token))  // known, but from a later release (I9)
      return message + fmt::format(" in {} (its webhook accepts it from Istio 1.{})", release.name(), *since);
    if (token.empty()) return message + " (empty item: remove the extra comma)";
    if (token.find_first_of(" \t") != std::string::npos) {
      return message + " (Istio does not trim spaces: write \"5xx,reset\", not \"5xx, reset\")";
    }
    const std::set<std::string> tokens = istio::retry_on_tokens(release);
    const std::string suggestion = istio::suggest_field(token, tokens);
    if (!suggestion.empty()) return message + fmt::format(" (did you mean \"{}\"?)", suggestion);
    return message + " (valid: " + join({tokens.begin(), tokens.end()}, ", ") + ", or an HTTP status code)";
  }

  void reset_warning(const YAML::Node& node, const std::string& field, const IstioRetryPolicy& policy) {
    const YAML::Node retry_on_node = node["retryOn"];
    std::vector<std::string> shown = policy.retry_on;
    for (int code : policy.retriable_status_codes) shown.push_back(std::to_string(code));
    const bool before_only = std::count(policy.retry_on.begin(), policy.retry_on.end(), "reset-before-request") != 0;
    warning(retry_on_node ? retry_on_node : node, field + ".retryOn",
            fmt::format("retryOn \"{}\"{} has no 'reset' (nor '5xx'/'gateway-error'): Envoy will answer "
                        "503 UC instead of retrying an upstream reset before headers{}",
                        join(shown, ","), retry_on_node ? "" : " (Istio's default, retryOn unset)",
                        before_only ? " ('reset-before-request' only covers resets before the request "
                                      "was sent, not the keep-alive race)"
                                    : ""));
  }
};

}  // namespace

void check_virtual_service(IstioPolicy& out, const YAML::Node& spec, const std::string& resource,
                           IstioRelease release) {
  VirtualServiceWalker(out, release).virtual_service(spec, resource);
}

}  // namespace rwchaos::harness::istio
