// Which version of an adapter a `client:` section names.
#include "harness/clients/client_adapter.hpp"

namespace rwchaos::harness {

const ClientVersion* find_client_version(const ClientAdapter& adapter, const ClientSpec& client) {
  for (const auto& version : adapter.versions)
    if (client.version.empty() ? version.is_default : version.version == client.version) return &version;
  return nullptr;
}

std::string known_versions_text(const ClientAdapter& adapter) {
  std::string text;
  for (const auto& version : adapter.versions)
    text += (text.empty() ? "" : ", ") + version.version + (version.is_default ? " (default)" : "");
  return text.empty() ? "none" : text;
}

}  // namespace rwchaos::harness
