#pragma once
// `client.remote_write` (prometheus): the user's prometheus.yml, of which the harness takes one
// `remote_write` entry (queue_config, backoffs, retry_on_http_429, timeouts, write_relabel_configs,
// ...) and writes it under its own url. The entry's lines are kept as the user wrote them (comments
// and quoting too) when that re-reads as the same YAML; otherwise it is re-emitted by yaml-cpp.
#include <string>
#include <vector>

#include "faults/config/located_error.hpp"

namespace rwchaos::harness {

struct RemoteWriteEntry {
  // The entry's keys but `url`, each line indented by 4 spaces: what follows `  - url: URL` under
  // `remote_write:`. Empty when the entry holds nothing but its url.
  std::string yaml;
  bool sets_remote_timeout = false;
  bool kept_as_written = false;  // false: re-emitted by yaml-cpp (flow style, a multi-line url, ...)
  std::vector<faults::config::LocatedError> errors;  // located in the file; `yaml` is empty then
};

// The entry named `name` (its `name:` key), or the only entry when `name` is empty; `shown` names the
// file in errors. A relative `*_file` path in the entry is an error: Prometheus would read it from
// the run folder, where the harness writes its config.
RemoteWriteEntry read_remote_write_entry(const std::string& text, const std::string& shown, const std::string& name);

// The entry's yaml under `remote_write:` with `url`: the text Prometheus reads.
std::string remote_write_section(const std::string& url, const std::string& entry_yaml);

}  // namespace rwchaos::harness
