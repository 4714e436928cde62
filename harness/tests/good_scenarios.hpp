#pragma once
// harness/tests/data/good/: scenario files that load without an error, shared by the loader tests.
#include <string>

namespace rwchaos::harness::test {

inline const std::string good_scenarios_dir = std::string(RWCHAOS_SOURCE_DIR) + "/harness/tests/data/good/";

}  // namespace rwchaos::harness::test
