#include "faults/plan/plan_error.hpp"

#include <fmt/format.h>

#include "faults/plan/plan.hpp"

namespace rwchaos::faults {

std::string PlanError::to_string() const {
  return fmt::format("{}:{}:{}: field '{}': {}", file, line, column, field, message);
}

std::optional<PlanError> check_fault_list(const YAML::Node& faults, std::string_view file,
                                          std::string_view field_prefix) {
  try {
    parse_fault_list(faults, std::string(file), std::string(field_prefix));
  } catch (const PlanException& error) {
    return error.error;
  }
  return std::nullopt;
}

}  // namespace rwchaos::faults
