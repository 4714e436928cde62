#include "harness/clients/client_registry.hpp"

#include "harness/clients/binaries.hpp"
#include "harness/process/rwchaos_binary.hpp"

namespace rwchaos::harness {

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
  return find_program(adapter.binary_name, spec.binary);
}

}  // namespace rwchaos::harness
