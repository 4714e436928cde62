#include "harness/clients/reference_misbehaviours.hpp"

namespace rwchaos::harness {

const std::vector<MisbehaviourInfo>& misbehaviour_table() {
  static const std::vector<MisbehaviourInfo> table = {
      {Misbehaviour::retry_4xx, "retry-4xx", "retries a 4xx other than 429 like a 5xx (MUST NOT retry 4xx)"},
      {Misbehaviour::no_retry, "no-retry", "gives up on a 5xx and counts the drop (MUST retry 5xx)"},
      {Misbehaviour::constant_backoff, "constant-backoff",
       "waits a fixed 500 ms before every retry, never longer (MUST use a backoff algorithm)"},
      {Misbehaviour::drop_on_5xx, "drop-on-5xx",
       "gives up on a 5xx and does not count the drop (MUST retry 5xx; the loss is silent)"},
      {Misbehaviour::reorder, "reorder",
       "holds every other request back and sends it after the next one (MUST send a series in timestamp order)"},
      {Misbehaviour::no_headers, "no-headers",
       "omits Content-Encoding, Content-Type, User-Agent and X-Prometheus-Remote-Write-Version (MUST send them)"},
      {Misbehaviour::wrong_version_header, "wrong-version-header",
       "sends X-Prometheus-Remote-Write-Version: 2.0.0 with a 1.0 body (MUST send 0.1.0)"},
      {Misbehaviour::ignore_retry_after, "ignore-retry-after",
       "retries a 429 or 503 after its own back-off, not after Retry-After (SHOULD honour it)"},
      {Misbehaviour::rebatch, "rebatch",
       "re-sends a failed request's samples split over new requests (breaks no rule: some real clients do this)"},
      {Misbehaviour::read_2xx_body, "read-2xx-body",
       "reads a 2xx answer's body and re-sends the request when there is one (MUST ignore the response body)"},
  };
  return table;
}

std::optional<Misbehaviour> find_misbehaviour(std::string_view name) {
  for (const auto& info : misbehaviour_table())
    if (info.name == name) return info.id;
  return std::nullopt;
}

std::string_view misbehaviour_name(Misbehaviour id) {
  for (const auto& info : misbehaviour_table())
    if (info.id == id) return info.name;
  return "?";
}

std::string known_misbehaviours() {
  std::string out;
  for (const auto& info : misbehaviour_table()) out += (out.empty() ? "" : ", ") + std::string(info.name);
  return out;
}

std::string unknown_misbehaviour_message(const std::string& name) {
  return "unknown misbehaviour \"" + name + "\" (known: " + known_misbehaviours() + ")";
}

ParsedMisbehaviours parse_misbehaviours(const std::vector<std::string>& names) {
  ParsedMisbehaviours parsed;
  for (const auto& name : names) {
    const auto found = find_misbehaviour(name);
    if (!found) {
      parsed.error = unknown_misbehaviour_message(name);
      return parsed;
    }
    parsed.set.insert(*found);
  }
  return parsed;
}

ParsedMisbehaviours parse_misbehaviour_list(std::string_view text) {
  std::vector<std::string> names;
  for (std::size_t start = 0;;) {
    const auto comma = text.find(',', start);
    names.emplace_back(text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (names.back().empty())
      return {{}, "empty misbehaviour name in \"" + std::string(text) + "\" (known: " + known_misbehaviours() + ")"};
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return parse_misbehaviours(names);
}

}  // namespace rwchaos::harness
