#pragma once
// One parser per catalogue action; each lives in the file named after its action and returns the
// action as the interface of the stage it acts in (engine/stage_actions.hpp).
#include "faults/engine/stage_actions.hpp"
#include "faults/plan/fields.hpp"

namespace rwchaos::faults::catalogue {

using engine::StagedAction;

StagedAction parse_respond(Fields& fields);
StagedAction parse_close_before_headers(Fields& fields);
StagedAction parse_half_close(Fields& fields);
StagedAction parse_slow_headers(Fields& fields);
StagedAction parse_trickle_body(Fields& fields);
StagedAction parse_truncate_response(Fields& fields);
StagedAction parse_blackhole(Fields& fields);
StagedAction parse_refuse(Fields& fields);
StagedAction parse_idle_close(Fields& fields);
StagedAction parse_close_on_reuse(Fields& fields);
StagedAction parse_latency(Fields& fields);

}  // namespace rwchaos::faults::catalogue
