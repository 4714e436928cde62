#pragma once
// Exit codes of every rwchaos command (DESIGN.md "CLI").
namespace rwchaos {
inline constexpr int exit_pass = 0;          // all checks pass
inline constexpr int exit_check_failed = 1;  // a check failed
inline constexpr int exit_bad_input = 2;     // bad input or environment
}  // namespace rwchaos
