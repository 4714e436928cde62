#pragma once
// Text from outside (a client's log, its error output) can hold bytes that are not UTF-8; JSON and
// XML reports cannot. valid_utf8 keeps valid sequences and puts U+FFFD for each invalid one.
#include <string>
#include <string_view>

namespace rwchaos::harness {

std::string valid_utf8(std::string_view text);

}  // namespace rwchaos::harness
