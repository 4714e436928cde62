#include "harness/diff/verdict_order.hpp"

namespace rwchaos::harness {

int verdict_badness(std::string_view verdict) {
  if (verdict == "pass" || verdict == "not_taken") return 0;
  if (verdict == "fail") return 1;
  return 2;
}

}  // namespace rwchaos::harness
