#include "harness/clients/client_registry.hpp"

#include "harness/clients/binaries.hpp"
#include "harness/process/rwchaos_binary.hpp"

namespace rwchaos::harness {

ClientChoice parse_client_choice(const std::string& text) {
  const auto at = text.find('@');
  if (at == std::string::npos) return {text, {}};
  return {text.substr(0, at), text.substr(at + 1)};
}

const std::vector<ClientAdapter>& client_adapters() {
  static const std::vector<ClientAdapter> adapters = {vmalert_adapter(), vmagent_adapter(), prometheus_adapter(),
                                                      reference_adapter(), command_adapter()};
  return adapters;
}

const ClientAdapter* find_client_adapter(const std::string& kind) {
  for (const auto& adapter : client_adapters())
    if (adapter.kind == kind) return &adapter;
  return nullptr;
}

std::string known_client_kinds() {
  std::string out;
  for (const auto& adapter : client_adapters()) out += (out.empty() ? "" : ", ") + adapter.kind;
  return out;
}

ProgramLocation resolve_client_binary(const ClientAdapter& adapter, const ClientSpec& spec) {
  if (adapter.built_in) return {adapter.kind, rwchaos_binary(), "built-in", RWCHAOS_VERSION, {}};
  if (adapter.binary_name.empty()) return {adapter.kind, {}, "argv", {}, {}};
  const ClientVersion* version = find_client_version(adapter, spec);
  if (!version) return find_program(adapter.binary_name, spec.binary);
  return find_program_version(adapter.binary_name, version->version, version->is_default, spec.binary);
}

}  // namespace rwchaos::harness
