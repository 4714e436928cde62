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
#include "harness/istio/istio_schema.hpp"

namespace rwchaos::harness::istio {

// node[key] without yaml-cpp's throws: an undefined node unless `node` is a mapping with `key`.
YAML::Node child(const YAML::Node& node, const char* key);
using faults::config::describe;
using faults::config::join;

class YamlChecks {
 public:
  YamlChecks(IstioPolicy& out, IstioRelease release) : out_(out), release_(release) {}

 protected:
  std::string at(const YAML::Node& node) const;       // "file:line:col"
  std::string line_of(const YAML::Node& node) const;  // "file:line"
  void error(const YAML::Node& node, const std::string& field, const std::string& message);
  void warning(const YAML::Node& node, const std::string& field, const std::string& message);
  // A map whose keys must all be fields of `message` in the release checked for; unknown keys are
  // errors because a typo silently disables the policy (Kubernetes only warns about unknown fields
  // by default), and so are fields of a later release (the release's CRD schema has no such field).
  bool check_map(const YAML::Node& node, const std::string& field, std::string_view message);
  // `node` as a `message` all the way down: keys, value types, enum names (istio_schema.hpp). For
  // the parts of a resource whose values rwchaos does not read.
  void check_message(const YAML::Node& node, const std::string& field, std::string_view message);
  // The fields of the map `node` (a `message`) other than `read`, each as check_message would.
  void check_other_fields(const YAML::Node& node, const std::string& field, std::string_view message,
                          std::initializer_list<std::string_view> read);
  static bool quoted(const YAML::Node& node) { return node.Tag() == "!"; }
  std::optional<long long> integer(const YAML::Node& node, const std::string& field, long long min);
  std::optional<bool> boolean(const YAML::Node& node, const std::string& field);
  // A Go duration; held to the webhook's range (>= 1ms, whole ms) unless `range_checked` is false.
  std::optional<std::chrono::milliseconds> duration(const YAML::Node& node, const std::string& field,
                                                    bool allow_zero, bool range_checked = true);

  IstioPolicy& out_;
  IstioRelease release_;

 private:
  void check_value(const YAML::Node& node, const std::string& field, const FieldType& type);
  void check_scalar(const YAML::Node& node, const std::string& field, const FieldType& type);
};

// The walkers of the two kinds rwchaos checks; `resource` is "DestinationRule name" for messages.
void check_destination_rule(IstioPolicy& out, const YAML::Node& spec, const std::string& resource,
                            std::chrono::milliseconds upstream_keepalive, IstioRelease release);
void check_virtual_service(IstioPolicy& out, const YAML::Node& spec, const std::string& resource,
                           IstioRelease release);

}  // namespace rwchaos::harness::istio
