#pragma once
// A flags file (`client.flags_file`, vmalert and vmagent): the user's own command-line flags, one
// `-flag=value` a line, `#` comment lines and blank lines skipped. No shell reads it: a value is the
// rest of its line, as written. Flags the harness sets itself (ClientAdapter::owned_flags) are refused.
#include <filesystem>
#include <string>
#include <vector>

#include "faults/config/located_error.hpp"
#include "harness/clients/client_adapter.hpp"

namespace rwchaos::harness {

struct FlagsFileRead {
  std::vector<FileFlag> flags;
  // Each bad line, located in the file (field "client.flags_file", the flag named in the message).
  std::vector<faults::config::LocatedError> errors;
};

// `text` is the file's content, `shown` its name in messages.
FlagsFileRead parse_flags_file(const std::string& text, const std::string& shown, const ClientAdapter& adapter);

}  // namespace rwchaos::harness
