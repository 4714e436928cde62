#include "faults/plan/plan_error.hpp"

#include <fmt/format.h>

namespace rwchaos::faults {

std::string PlanError::to_string() const {
  return fmt::format("{}:{}:{}: field '{}': {}", file, line, column, field, message);
}

}  // namespace rwchaos::faults
