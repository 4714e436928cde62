#pragma once
// SIGINT/SIGTERM to rwchaos: remember the signal; the runner polls it, stops the children and
// writes a partial report. The handler only sets a flag (async-signal-safe).
namespace rwchaos::harness {

void install_interrupt_handlers();
int interrupt_signal();  // 0 while none arrived
bool interrupted();

}  // namespace rwchaos::harness
