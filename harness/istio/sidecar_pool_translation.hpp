#pragma once
// DestinationRule -> one sidecar cluster's pool settings (sidecar_pool_translation.cpp).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

namespace rwchaos::harness::istio {

enum class Direction { outbound, inbound };

struct PoolSource {
  YAML::Node rule;     // the DestinationRule's `spec`; null without one
  int port = 8480;     // hop.port: picks a portLevelSettings entry
  std::string subset;  // the VirtualService route's destination.subset; "" for none
};

// The connectionPool that applies (null for Envoy's defaults): I7 outbound, I6 inbound.
YAML::Node select_pool(const PoolSource& source, Direction direction);
// A sidecar config `clusters[]` entry named `name` from that connectionPool (I8).
nlohmann::json translate_pool(const YAML::Node& pool, const std::string& name);
// Warnings for the DR fields the model does not follow (outlierDetection, tls, tcpKeepalive, ...).
void warn_unmodelled_policy(const std::string& file, const YAML::Node& rule, std::vector<std::string>& warnings);

}  // namespace rwchaos::harness::istio
