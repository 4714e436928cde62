#pragma once
// Free loopback ports for the children. A port is free when we check; a child may still lose a race
// for it, so starters retry with a new port when a child exits during startup.
namespace rwchaos::harness {

// Binds 127.0.0.1:0, reads the port the kernel chose, closes. Never returns a port it returned
// before in this process, so environments started at the same time (`rwchaos run --jobs N`) cannot
// pick the same port for two children. Throws when no socket can be bound.
int free_port();

}  // namespace rwchaos::harness
