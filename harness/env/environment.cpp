#include "harness/env/environment.hpp"

#include <fmt/format.h>

#include "harness/env/kind_environment.hpp"
#include "harness/env/local_environment.hpp"

namespace rwchaos::harness {

std::unique_ptr<Environment> make_environment(const std::string& kind) {
  if (kind == "local") return std::make_unique<LocalEnvironment>();
  if (kind == "kind") return make_kind_environment();
  throw EnvironmentError(fmt::format("environment '{}' is unknown (known: local, kind)", kind));
}

}  // namespace rwchaos::harness
