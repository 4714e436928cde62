#pragma once
// One parser per catalogue action; each lives in the file named after its action.
#include <memory>

#include "faults/catalogue/action.hpp"
#include "faults/plan/fields.hpp"

namespace rwchaos::faults::catalogue {

std::shared_ptr<const Action> parse_respond(Fields& fields);
std::shared_ptr<const Action> parse_close_before_headers(Fields& fields);
std::shared_ptr<const Action> parse_half_close(Fields& fields);
std::shared_ptr<const Action> parse_slow_headers(Fields& fields);
std::shared_ptr<const Action> parse_trickle_body(Fields& fields);
std::shared_ptr<const Action> parse_truncate_response(Fields& fields);
std::shared_ptr<const Action> parse_blackhole(Fields& fields);
std::shared_ptr<const Action> parse_refuse(Fields& fields);
std::shared_ptr<const Action> parse_idle_close(Fields& fields);
std::shared_ptr<const Action> parse_close_on_reuse(Fields& fields);
std::shared_ptr<const Action> parse_latency(Fields& fields);

}  // namespace rwchaos::faults::catalogue
