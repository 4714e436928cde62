#pragma once
// `rwchaos clients`: every version of each client, storage and hop program, and where it is found.
namespace rwchaos::harness {
int clients_command();
}
