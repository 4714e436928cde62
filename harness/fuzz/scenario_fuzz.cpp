// Fuzz target: the scenario loader on file text. Bad input may only throw InvalidInput, and every
// error must say where (file name) and why (a message).
#include <cstddef>
#include <cstdint>
#include <string>

#include "harness/scenario/scenario_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    (void)rwchaos::harness::load_scenario_text(text, "fuzz.yaml");
  } catch (const rwchaos::harness::InvalidInput& error) {
    for (const auto& each : error.list().errors())
      if (each.file != "fuzz.yaml" || each.message.empty()) __builtin_trap();
  }
  return 0;
}
