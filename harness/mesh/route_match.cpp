#include "harness/mesh/route_match.hpp"

#include <algorithm>
#include <cctype>

namespace rwchaos::harness::mesh {
namespace {

bool same(std::string_view a, std::string_view b, bool ignore_case) {
  if (a.size() != b.size()) return false;
  if (!ignore_case) return a == b;
  return std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

bool matches(const RouteMatch& match, std::string_view method, std::string_view target) {
  if (!match.method.empty() && method != match.method) return false;
  if (!match.exact.empty()) return same(target.substr(0, target.find('?')), match.exact, match.ignore_case);
  return target.size() >= match.prefix.size() && same(target.substr(0, match.prefix.size()), match.prefix, match.ignore_case);
}

}  // namespace

const RouteSettings* match_route(const std::vector<RouteSettings>& routes, std::string_view method, std::string_view target) {
  for (const auto& route : routes)
    if (matches(route.match, method, target)) return &route;
  return nullptr;
}

}  // namespace rwchaos::harness::mesh
