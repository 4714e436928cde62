#include "harness/istio/istio_validator.hpp"

#include <fstream>

#include <yaml-cpp/yaml.h>

#include "harness/istio/istio_policy.hpp"
#include "harness/istio/istio_schema.hpp"

namespace rwchaos::harness {
namespace {

bool is_istio_resource(const YAML::Node& document) {
  if (!document.IsMap()) return false;
  const YAML::Node api_version = document["apiVersion"];
  if (api_version && api_version.IsScalar() && api_version.Scalar().rfind(istio::api_group, 0) == 0) {
    return true;
  }
  const YAML::Node items = document["items"];  // kind: List
  if (!items || !items.IsSequence()) return false;
  for (const YAML::Node& item : items) {
    if (is_istio_resource(item)) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> validate_istio_file(const std::string& path) {
  return error_lines(load_istio_policy(path));
}

bool looks_like_istio_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return false;
  try {
    for (const YAML::Node& document : YAML::LoadAll(in)) {
      if (is_istio_resource(document)) return true;
    }
  } catch (const YAML::Exception&) {
    return false;
  }
  return false;
}

}  // namespace rwchaos::harness
