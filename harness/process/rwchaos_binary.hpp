#pragma once
// The rwchaos binary itself, for the children that are rwchaos subcommands (`rwchaos upstream`,
// `rwchaos sender`).
#include <string>

namespace rwchaos::harness {

// $RWCHAOS_BINARY if set (tests), else /proc/self/exe, read once.
std::string rwchaos_binary();

}  // namespace rwchaos::harness
