#pragma once
// Client adapters by kind, and where their binaries are.
#include <optional>
#include <string>
#include <vector>

#include "harness/clients/binaries.hpp"
#include "harness/clients/client_adapter.hpp"

namespace rwchaos::harness {

const std::vector<ClientAdapter>& client_adapters();
// nullptr for an unknown kind.
const ClientAdapter* find_client_adapter(const std::string& kind);
std::string known_client_kinds();  // "vmalert, vmagent, prometheus, reference, command"

// The binary for a scenario's client: `client.binary` when set, else <tools>/bin/<name>, else PATH
// (harness/clients/binaries.hpp). `command` needs none (its binary is argv[0]): found, empty path.
// A built-in client (`reference`) is this rwchaos binary, found in "built-in".
ProgramLocation resolve_client_binary(const ClientAdapter& adapter, const ClientSpec& spec);

}  // namespace rwchaos::harness
