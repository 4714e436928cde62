// Reads Istio YAML documents, dispatches DestinationRule / VirtualService to their walkers
// (istio_destination_rule.cpp, istio_virtual_service.cpp) and summarises the policy for reports.
#include "harness/istio/istio_policy.hpp"

#include <algorithm>
#include <fstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "faults/config/duration.hpp"
#include "harness/istio/istio_schema.hpp"
#include "harness/istio/istio_yaml_checks.hpp"

namespace rwchaos::harness {
namespace {

using istio::check_destination_rule;
using istio::check_virtual_service;
using istio::child;
using faults::config::describe;
using std::chrono::milliseconds;
constexpr milliseconds istio_default_idle_timeout = std::chrono::hours(1);

class DocumentWalker : istio::YamlChecks {
 public:
  DocumentWalker(IstioPolicy& out, milliseconds upstream_keepalive, istio::IstioRelease release)
      : YamlChecks(out, release), upstream_keepalive_(upstream_keepalive) {}

  void file(const std::vector<YAML::Node>& documents) {
    for (const auto& document : documents) this->document(document);
    if (checked_resources_ == 0 && out_.errors.empty()) {
      // Not an error: `rwchaos validate` sees every Kubernetes manifest of a suite folder.
      out_.warnings.push_back(fmt::format("{}:1:1: warning: no DestinationRule or VirtualService in this "
                                          "file; nothing for rwchaos to check", out_.file));
    }
  }

 private:
  milliseconds upstream_keepalive_;
  int checked_resources_ = 0;

  void document(const YAML::Node& doc) {
    if (doc.IsNull()) return;  // empty document, e.g. a trailing ---
    if (!doc.IsMap()) {
      error(doc, "", fmt::format("expected a Kubernetes resource (a mapping), got {}", describe(doc)));
      return;
    }
    const YAML::Node api_version = doc["apiVersion"];
    const YAML::Node kind = doc["kind"];
    if (!api_version || !api_version.IsScalar()) return error(doc, "apiVersion", "missing");
    if (!kind || !kind.IsScalar()) return error(doc, "kind", "missing");
    if (kind.Scalar() == "List" && api_version.Scalar() == "v1") return list(doc);
    const std::string& version = api_version.Scalar();
    if (version.rfind(istio::api_group, 0) != 0) {
      return warning(kind, "kind", fmt::format("{} {} is not an Istio networking resource; skipped",
                                               version, kind.Scalar()));
    }
    if (kind.Scalar() != "DestinationRule" && kind.Scalar() != "VirtualService") {
      return warning(kind, "kind", fmt::format("{} is not checked by rwchaos (only DestinationRule "
                                               "and VirtualService); skipped", kind.Scalar()));
    }
    const std::string group_version = version.substr(istio::api_group.size());
    if (group_version != "v1alpha3" && group_version != "v1beta1" && group_version != "v1") {
      return error(api_version, "apiVersion",
                   fmt::format("\"{}\" is not a networking.istio.io version rwchaos knows "
                               "(v1alpha3, v1beta1, v1)", version));
    }
    ++checked_resources_;
    const YAML::Node name = child(child(doc, "metadata"), "name");
    if (!name || !name.IsScalar()) error(doc, "metadata.name", "missing");
    const YAML::Node spec = doc["spec"];
    if (!spec) return error(doc, "spec", "missing");
    const std::string resource = kind.Scalar() + " " + (name && name.IsScalar() ? name.Scalar() : "?");
    if (kind.Scalar() == "DestinationRule")
      return check_destination_rule(out_, spec, resource, upstream_keepalive_, release_);
    check_virtual_service(out_, spec, resource, release_);
  }

  void list(const YAML::Node& doc) {
    const YAML::Node items = doc["items"];
    if (!items || !items.IsSequence()) return error(doc, "items", "a List needs an items list");
    for (const auto& item : items) document(item);
  }
};

std::vector<YAML::Node> load_documents(const std::string& path, IstioPolicy& out) {
  std::ifstream in(path);
  if (!in) {
    out.errors.push_back({path, 0, 0, "", "cannot read the file"});
    return {};
  }
  try {
    return YAML::LoadAll(in);
  } catch (const YAML::Exception& e) {
    out.errors.push_back({path, e.mark.line + 1, e.mark.column + 1, "", "YAML: " + e.msg});
  }
  return {};
}

}  // namespace

std::chrono::milliseconds IstioConnectionPool::effective_idle_timeout() const {
  return idle_timeout.value_or(istio_default_idle_timeout);
}

bool IstioConnectionPool::keep_alive_disabled() const {
  return max_requests_per_connection.has_value() && *max_requests_per_connection == 1;
}

bool IstioRetryPolicy::retries_reset_after_send() const {
  if (attempts <= 0) return false;
  return std::any_of(retry_on.begin(), retry_on.end(), [](const std::string& token) {
    return token == "reset" || token == "5xx" || token == "gateway-error";
  });
}

IstioPolicy load_istio_policy(const std::string& path, std::chrono::milliseconds upstream_keepalive,
                              istio::IstioRelease release) {
  IstioPolicy policy;
  policy.file = path;
  const std::vector<YAML::Node> documents = load_documents(path, policy);
  if (!policy.errors.empty()) return policy;
  try {
    DocumentWalker(policy, upstream_keepalive, release).file(documents);
  } catch (const YAML::Exception& e) {  // defensive: a node shape the walker did not expect
    policy.errors.push_back({path, e.mark.line + 1, e.mark.column + 1, "", "YAML: " + e.msg});
  }
  return policy;
}

std::vector<std::string> error_lines(const IstioPolicy& policy) {
  std::vector<std::string> lines;
  for (const auto& error : policy.errors) lines.push_back(error.to_string());
  return lines;
}

nlohmann::json to_json(const IstioPolicy& policy) {
  auto ms = [](const std::optional<milliseconds>& value) -> nlohmann::json {
    return value ? nlohmann::json(faults::config::format_duration(*value)) : nlohmann::json(nullptr);
  };
  nlohmann::json pools = nlohmann::json::array();
  for (const auto& pool : policy.connection_pools) {
    pools.push_back({{"where", pool.where},
                     {"host", pool.host},
                     {"idle_timeout", ms(pool.idle_timeout)},
                     {"effective_idle_timeout", faults::config::format_duration(pool.effective_idle_timeout())},
                     {"max_requests_per_connection", pool.max_requests_per_connection
                                                         ? nlohmann::json(*pool.max_requests_per_connection)
                                                         : nlohmann::json(nullptr)},
                     {"tcp_keepalive_time", ms(pool.tcp_keepalive_time)},
                     {"tcp_keepalive_interval", ms(pool.tcp_keepalive_interval)},
                     {"connect_timeout", ms(pool.connect_timeout)}});
  }
  nlohmann::json retries = nlohmann::json::array();
  for (const auto& retry : policy.retry_policies) {
    retries.push_back({{"where", retry.where},
                       {"hosts", retry.hosts},
                       {"istio_default", retry.istio_default},
                       {"attempts", retry.attempts},
                       {"per_try_timeout", ms(retry.per_try_timeout)},
                       {"retry_on", retry.retry_on},
                       {"retriable_status_codes", retry.retriable_status_codes},
                       {"retries_reset_after_send", retry.retries_reset_after_send()}});
  }
  return {{"file", policy.file}, {"connection_pools", pools}, {"retry_policies", retries},
          {"warnings", policy.warnings}, {"errors", error_lines(policy)}};
}

}  // namespace rwchaos::harness
