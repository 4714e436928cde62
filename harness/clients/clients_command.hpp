#pragma once
// `rwchaos clients`: list client adapters and where their binaries are found.
namespace rwchaos::harness {
int clients_command();
}
