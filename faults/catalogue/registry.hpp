#pragma once
// The one registry of catalogue actions: YAML `action:` name -> parser. Names equal file names.
#include <string_view>
#include <vector>

#include "faults/engine/stage_actions.hpp"
#include "faults/plan/fields.hpp"

namespace rwchaos::faults::catalogue {

using ParseAction = engine::StagedAction (*)(Fields& fields);

const ParseAction* find_action(std::string_view name);
std::vector<std::string_view> action_names();

}  // namespace rwchaos::faults::catalogue
