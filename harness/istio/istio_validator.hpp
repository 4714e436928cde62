#pragma once
// Checks Istio YAML (DestinationRule, VirtualService; networking.istio.io v1alpha3, v1beta1, v1) the
// way users write it, multi-document files included; `rwchaos validate` routes Kubernetes manifests
// here. Other kinds are skipped with a warning (see load_istio_policy in istio_policy.hpp for the
// extracted policy and the warnings). Errors name file, line, column and field.
#include <string>
#include <vector>

namespace rwchaos::harness {

// The errors of `path`, each "file:line:col: field 'F': message"; empty = valid.
std::vector<std::string> validate_istio_file(const std::string& path);

// True when some document of `path` has an apiVersion in networking.istio.io. False for unreadable
// or non-YAML files.
bool looks_like_istio_file(const std::string& path);

}  // namespace rwchaos::harness
