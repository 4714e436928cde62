#pragma once
// What the client got for a request: the ledger's `outcome`. The JSON names are a contract
// (ledger lines, GET /stats, report.json): harness/ compares these values, never the strings.
#include <array>
#include <ostream>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

namespace rwchaos::faults {

enum class Outcome {
  response,       // a status line was sent; the record's `status` says which
  close_fin,      // closed with FIN, no response byte
  close_rst,      // reset (RST), no response byte
  half_close,     // write side shut down; the client reads EOF
  truncated,      // part of a response, then closed
  no_answer,      // nothing sent: blackhole, or a request that ended unreadable
  client_closed,  // the client went away while a latency or slow_headers delay held the request
  in_flight,      // not answered yet (GET /ledger only)
};

// The one table of names: JSON, /stats keys, /metrics labels.
inline constexpr std::array<std::pair<Outcome, std::string_view>, 8> outcome_names{{
    {Outcome::response, "response"},
    {Outcome::close_fin, "close_fin"},
    {Outcome::close_rst, "close_rst"},
    {Outcome::half_close, "half_close"},
    {Outcome::truncated, "truncated"},
    {Outcome::no_answer, "no_answer"},
    {Outcome::client_closed, "client_closed"},
    {Outcome::in_flight, "in_flight"},
}};

constexpr std::string_view to_string(Outcome outcome) {
  for (const auto& [value, name] : outcome_names) {
    if (value == outcome) return name;
  }
  return "?";
}

inline std::ostream& operator<<(std::ostream& out, Outcome outcome) { return out << to_string(outcome); }

inline void to_json(nlohmann::json& json, Outcome outcome) { json = to_string(outcome); }

// An unknown name is an error, not a silent default: the two sides of the ledger format disagree.
inline void from_json(const nlohmann::json& json, Outcome& outcome) {
  const auto& name = json.get_ref<const std::string&>();
  for (const auto& [value, known] : outcome_names) {
    if (known == name) {
      outcome = value;
      return;
    }
  }
  throw nlohmann::json::other_error::create(501, "unknown ledger outcome \"" + name + "\"", &json);
}

}  // namespace rwchaos::faults
