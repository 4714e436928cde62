#include "faults/plan/when.hpp"

#include <charconv>
#include <limits>
#include <string_view>

#include <fmt/format.h>

#include "faults/plan/splitmix.hpp"

namespace rwchaos::faults {
namespace {

std::optional<std::uint64_t> parse_index(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value == 0) return std::nullopt;
  return value;
}

// "3", "3-5", "7-", "1-2,9"; indices count from 1.
std::optional<std::vector<std::pair<std::uint64_t, std::uint64_t>>> parse_ranges(std::string_view text) {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view part = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    const auto dash = part.find('-');
    if (dash == std::string_view::npos) {
      auto one = parse_index(part);
      if (!one) return std::nullopt;
      ranges.emplace_back(*one, *one);
      continue;
    }
    auto low = parse_index(part.substr(0, dash));
    std::string_view high_text = part.substr(dash + 1);
    while (!high_text.empty() && high_text.front() == ' ') high_text.remove_prefix(1);
    auto high = high_text.empty() ? std::optional<std::uint64_t>(std::numeric_limits<std::uint64_t>::max())
                                  : parse_index(high_text);
    if (!low || !high || *high < *low) return std::nullopt;
    ranges.emplace_back(*low, *high);
  }
  if (ranges.empty()) return std::nullopt;
  return ranges;
}

}  // namespace

double seeded_draw(std::uint64_t seed, std::uint64_t fault_index, std::uint64_t id) {
  const std::uint64_t mixed = splitmix64(splitmix64(splitmix64(seed) ^ fault_index) ^ id);
  return static_cast<double>(mixed >> 11) * 0x1.0p-53;
}

When parse_when(const YAML::Node& node, const std::string& file, const std::string& path) {
  When when;
  if (!node || node.IsNull()) return when;
  Fields fields(node, file, path);
  if (auto requests = fields.text("requests")) {
    auto ranges = parse_ranges(*requests);
    if (!ranges) fields.fail("requests", fmt::format("expected indices like \"3\", \"3-5\", \"7-\" or \"1-2,9\" (from 1), got \"{}\"", *requests));
    when.requests = std::move(*ranges);
  }
  when.every = static_cast<std::uint64_t>(fields.integer("every", 0, 1, std::numeric_limits<std::int32_t>::max()));
  if (fields.has("probability")) when.probability = fields.number("probability", 1.0, 0.0, 1.0);
  when.from = fields.duration("from");
  when.until = fields.duration("until");
  if (when.from && when.until && *when.until <= *when.from) fields.fail("until", "must be later than `from`");
  when.reused = fields.maybe_boolean("reused");
  when.path = fields.text("path");
  fields.reject_unknown_keys();
  return when;
}

bool matches(const When& when, const Facts& facts, std::uint64_t seed, std::size_t fault_index) {
  const std::uint64_t id = facts.counted_id();
  if (!when.requests.empty()) {
    bool inside = false;
    for (const auto& [low, high] : when.requests) inside = inside || (id >= low && id <= high);
    if (!inside) return false;
  }
  if (when.every != 0 && id % when.every != 0) return false;
  if (when.from && facts.since_install < *when.from) return false;
  if (when.until && facts.since_install >= *when.until) return false;
  if (when.reused && *when.reused != facts.reused) return false;
  if (when.path && (!facts.path || *facts.path != *when.path)) return false;
  if (when.probability && seeded_draw(seed, fault_index, id) >= *when.probability) return false;
  return true;
}

}  // namespace rwchaos::faults
