// Fuzz target: the plan loader (PUT /plan bodies and plan files). Bad input may only throw
// InvalidInput, each error naming the file and why; an accepted plan's canonical YAML (what GET /plan
// serves) must load again to the same seed and fault count.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "faults/catalogue/parse_plan.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  rwchaos::faults::engine::Plan plan;
  try {
    plan = rwchaos::faults::catalogue::parse_plan(text, "fuzz.yaml");
  } catch (const rwchaos::faults::config::InvalidInput& error) {
    for (const auto& each : error.list().errors())
      if (each.file != "fuzz.yaml" || each.message.empty()) __builtin_trap();
    return 0;
  }
  const rwchaos::faults::engine::Plan again = rwchaos::faults::catalogue::parse_plan(plan.yaml, "served.yaml");
  if (again.seed != plan.seed || again.faults.size() != plan.faults.size()) __builtin_trap();
  return 0;
}
