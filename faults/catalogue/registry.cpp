#include "faults/catalogue/registry.hpp"

#include <array>
#include <utility>

#include "faults/catalogue/actions.hpp"

namespace rwchaos::faults::catalogue {
namespace {

// Listed here rather than self-registered: a static library drops object files nobody references.
const std::array<std::pair<std::string_view, ParseAction>, 11> registry{{
    {"respond", parse_respond},
    {"close_before_headers", parse_close_before_headers},
    {"half_close", parse_half_close},
    {"slow_headers", parse_slow_headers},
    {"trickle_body", parse_trickle_body},
    {"truncate_response", parse_truncate_response},
    {"blackhole", parse_blackhole},
    {"refuse", parse_refuse},
    {"idle_close", parse_idle_close},
    {"close_on_reuse", parse_close_on_reuse},
    {"latency", parse_latency},
}};

}  // namespace

const ParseAction* find_action(std::string_view name) {
  for (const auto& [key, parse] : registry) {
    if (key == name) return &parse;
  }
  return nullptr;
}

std::vector<std::string_view> action_names() {
  std::vector<std::string_view> names;
  for (const auto& entry : registry) names.push_back(entry.first);
  return names;
}

}  // namespace rwchaos::faults::catalogue
