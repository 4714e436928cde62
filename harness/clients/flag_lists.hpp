#pragma once
// The command-line flags of each VictoriaMetrics version the harness runs, as its `-help` lists them
// (harness/clients/flags/<program>-<version>.txt, compiled in by cmake/embed_flag_lists.cmake). A flags
// file is checked against its version's list when a scenario is loaded, before anything runs.
#include <set>
#include <string>
#include <vector>

namespace rwchaos::harness {

struct EmbeddedFlagList {
  const char* name;  // "vmalert-1.79.5"
  const char* text;  // the file: `#` comment lines, then one flag name a line
};

// Generated at build time from harness/clients/flags/*.txt.
const std::vector<EmbeddedFlagList>& embedded_flag_lists();

// The flag names of list `name` ("vmalert-1.112.0"); nullptr when there is no such list.
const std::set<std::string>* flag_list(const std::string& name);

// The flag names of a list's text (comment and blank lines skipped).
std::set<std::string> parse_flag_list(const std::string& text);

}  // namespace rwchaos::harness
