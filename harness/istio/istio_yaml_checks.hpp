#pragma once
// Typed checks of Istio YAML nodes that record errors and warnings with file:line:col and field
// into an IstioPolicy. Shared by the DestinationRule and VirtualService walkers (istio_policy.cpp).
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "faults/config/yaml_reader.hpp"
#include "harness/istio/istio_policy.hpp"

namespace rwchaos::harness::istio {

// node[key] without yaml-cpp's throws: an undefined node unless `node` is a mapping with `key`.
YAML::Node child(const YAML::Node& node, const char* key);
using faults::config::describe;
using faults::config::join;

class YamlChecks {
 public:
  explicit YamlChecks(IstioPolicy& out) : out_(out) {}

 protected:
  std::string at(const YAML::Node& node) const;       // "file:line:col"
  std::string line_of(const YAML::Node& node) const;  // "file:line"
  void error(const YAML::Node& node, const std::string& field, const std::string& message);
  void warning(const YAML::Node& node, const std::string& field, const std::string& message);
  // A map whose keys must all be known fields of `message`; unknown keys are errors because a
  // typo silently disables the policy (Kubernetes only warns about unknown fields by default).
  bool check_map(const YAML::Node& node, const std::string& field, std::string_view message);
  static bool quoted(const YAML::Node& node) { return node.Tag() == "!"; }
  std::optional<long long> integer(const YAML::Node& node, const std::string& field, long long min);
  std::optional<bool> boolean(const YAML::Node& node, const std::string& field);
  std::optional<std::chrono::milliseconds> duration(const YAML::Node& node, const std::string& field,
                                                    bool allow_zero);

  IstioPolicy& out_;
};

// The walkers of the two kinds rwchaos checks; `resource` is "DestinationRule name" for messages.
void check_destination_rule(IstioPolicy& out, const YAML::Node& spec, const std::string& resource,
                            std::chrono::milliseconds upstream_keepalive);
void check_virtual_service(IstioPolicy& out, const YAML::Node& spec, const std::string& resource);

}  // namespace rwchaos::harness::istio
