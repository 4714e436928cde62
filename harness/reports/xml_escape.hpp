#pragma once
// Text made safe for XML (JUnit, SVG): markup characters escaped, characters XML 1.0 forbids replaced.
#include <string>
#include <string_view>

namespace rwchaos::harness {

std::string xml_escape(std::string_view text);

}  // namespace rwchaos::harness
