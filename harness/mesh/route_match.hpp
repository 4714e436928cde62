#pragma once
// Which route of the table a request takes: the first whose match holds (Envoy's route table order;
// Istio lists a VirtualService's http[] entries in order, one route per match entry). Envoy's
// RouteMatch: `prefix` against the start of :path, `path` (exact) against :path without its query
// string, `case_sensitive: false` for ignoreUriCase, a `:method` header matcher for method.exact.
#include <string_view>
#include <vector>

#include "harness/mesh/sidecar_config.hpp"

namespace rwchaos::harness::mesh {

// Null when no route matches (R15: 404, flag NR).
const RouteSettings* match_route(const std::vector<RouteSettings>& routes, std::string_view method, std::string_view target);

}  // namespace rwchaos::harness::mesh
