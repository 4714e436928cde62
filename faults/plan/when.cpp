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

When parse_when(config::YamlReader& reader, const config::Field& field) {
  When when;
  if (!field.value.IsDefined() || field.value.IsNull()) return when;
  const config::MapFields map =
      reader.map(field, {"requests", "every", "probability", "from", "until", "reused", "path", "idle_for"});
  reader.if_present(map, "requests", [&](const config::Field& value) {
    const std::string text = reader.string(value);
    auto ranges = parse_ranges(text);
    if (!ranges) reader.fail(value, fmt::format("expected indices like \"3\", \"3-5\", \"7-\" or \"1-2,9\" (from 1), got \"{}\"", text));
    when.requests = std::move(*ranges);
  });
  reader.if_present(map, "every", [&](const config::Field& value) {
    when.every = static_cast<std::uint64_t>(reader.integer(value, 1, std::numeric_limits<std::int32_t>::max()));
  });
  reader.if_present(map, "probability", [&](const config::Field& value) {
    const double probability = reader.number(value);
    if (!(probability >= 0 && probability <= 1)) reader.fail(value, fmt::format("must be between 0 and 1, got {}", probability));
    when.probability = probability;
  });
  reader.if_present(map, "from", [&](const config::Field& value) { when.from = reader.duration(value); });
  reader.if_present(map, "until", [&](const config::Field& value) {
    when.until = reader.duration(value);
    if (when.from && *when.until <= *when.from) reader.fail(value, "must be later than `from`");
  });
  reader.if_present(map, "reused", [&](const config::Field& value) { when.reused = reader.boolean(value); });
  reader.if_present(map, "path", [&](const config::Field& value) { when.path = reader.string(value); });
  reader.if_present(map, "idle_for", [&](const config::Field& value) { when.idle_for = reader.duration(value); });
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
  if (when.idle_for && (!facts.idle || *facts.idle < *when.idle_for)) return false;
  if (when.probability && seeded_draw(seed, fault_index, id) >= *when.probability) return false;
  return true;
}

}  // namespace rwchaos::faults
