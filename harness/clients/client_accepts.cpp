#include "harness/clients/client_accepts.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "harness/clients/flag_lists.hpp"
#include "harness/clients/reference_misbehaviours.hpp"

namespace rwchaos::harness {
namespace {

std::string name_of(const ClientAdapter& adapter, const ClientVersion& version) {
  return adapter.kind + " " + version.version;
}

// The other versions whose flag list has `flag`, for the message: "(1.112.0 has it)".
std::string versions_with_flag(const ClientAdapter& adapter, const std::string& flag) {
  std::vector<std::string> having;
  for (const auto& version : adapter.versions)
    if (const auto* names = flag_list(version.flag_list); names && names->count(flag)) having.push_back(version.version);
  if (having.empty()) return "no version the harness knows has it";
  return fmt::format("{} {} it", fmt::join(having, ", "), having.size() == 1 ? "has" : "have");
}

void refuse_send_timeout(const ClientAdapter& adapter, const ClientVersion& version, const ClientSpec& client,
                         std::vector<ClientRefusal>& found) {
  if (client.send_timeout.count() <= 0) return;
  const auto& only = version.accepts.only_send_timeout;
  if (only && client.send_timeout != *only) {
    const double seconds = only->count() / 1000.0;
    found.push_back({"send_timeout", fmt::format("{}'s remote-write timeout is a fixed {:g}s with no flag to change it "
                                                 "({}); use {:g}s or leave send_timeout out",
                                                 name_of(adapter, version), seconds,
                                                 version.accepts.only_send_timeout_source, seconds)});
  }
  if (version.send_timeout_flag.empty()) return;
  for (const auto& flag : client.file_flags)
    if (flag.name == version.send_timeout_flag)
      found.push_back({"send_timeout", fmt::format("{}:{}: -{} sets the same timeout; keep one of them",
                                                   client.flags_file, flag.line, flag.name)});
}

void refuse_file_flags(const ClientAdapter& adapter, const ClientVersion& version, const ClientSpec& client,
                       std::vector<ClientRefusal>& found) {
  if (client.flags_file.empty()) return;
  const auto* names = flag_list(version.flag_list);
  if (!names) {
    found.push_back({"flags_file", adapter.kind + " takes no flags file"});
    return;
  }
  for (const auto& flag : client.file_flags)
    if (!names->count(flag.name))
      found.push_back({"flags_file", fmt::format("{}:{}: {} has no flag -{} ({})", client.flags_file, flag.line,
                                                 name_of(adapter, version), flag.name,
                                                 versions_with_flag(adapter, flag.name))});
}

}  // namespace

std::vector<ClientRefusal> refusals(const ClientAdapter& adapter, const ClientSpec& client) {
  std::vector<ClientRefusal> found;
  const ClientVersion* version = find_client_version(adapter, client);
  if (adapter.versions.empty() && !client.version.empty()) {
    found.push_back({"version", adapter.kind + " has no versions (" +
                                    (adapter.built_in ? "it is this rwchaos binary" : "its program is the scenario's own") +
                                    ")"});
  } else if (!adapter.versions.empty() && !version) {
    found.push_back({"version", fmt::format("{} has no version {} (known: {})", adapter.kind, client.version,
                                            known_versions_text(adapter))});
  } else if (version) {
    refuse_send_timeout(adapter, *version, client, found);
    refuse_file_flags(adapter, *version, client, found);
  }
  if (!version && !client.flags_file.empty()) found.push_back({"flags_file", adapter.kind + " takes no flags file"});
  if (!client.remote_write.empty() && !adapter.takes_remote_write_file)
    found.push_back({"remote_write", adapter.kind + " takes no remote_write file (only prometheus does)"});
  if (adapter.built_in && !client.binary.empty())
    found.push_back({"binary", adapter.kind + " is this rwchaos binary (`rwchaos sender`); leave binary out"});
  if (!adapter.takes_misbehave && !client.misbehave.empty())
    found.push_back({"misbehave", "only the reference sender misbehaves on request (this client is " + adapter.kind + ")"});
  if (adapter.takes_misbehave)
    if (const ParsedMisbehaviours parsed = parse_misbehaviours(client.misbehave); !parsed.error.empty())
      found.push_back({"misbehave", parsed.error});
  return found;
}

}  // namespace rwchaos::harness
