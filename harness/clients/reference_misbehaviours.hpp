#pragma once
// The reference sender's misbehaviours (`rwchaos sender --misbehave`, `client: {kind: reference,
// misbehave: [...]}`): each breaks one rule of remote-write 1.0 on purpose, so that the check meant to
// catch it is shown able to fail (docs/suites.md "Misbehaviours"). One table: the sender acts on it,
// the scenario reader and `--client reference:NAME` validate names against it.
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace rwchaos::harness {

enum class Misbehaviour {
  retry_4xx,
  no_retry,
  constant_backoff,
  drop_on_5xx,
  reorder,
  no_headers,
  wrong_version_header,
  ignore_retry_after,
  rebatch,
  read_2xx_body,
};

struct MisbehaviourInfo {
  Misbehaviour id;
  std::string_view name;  // as written in --misbehave and `misbehave:`
  std::string_view does;  // what the sender then does, and the rule that breaks
};

using Misbehaviours = std::set<Misbehaviour>;

// In the order the docs list them.
const std::vector<MisbehaviourInfo>& misbehaviour_table();
std::optional<Misbehaviour> find_misbehaviour(std::string_view name);
std::string_view misbehaviour_name(Misbehaviour id);
std::string known_misbehaviours();  // "retry-4xx, no-retry, ..."

struct ParsedMisbehaviours {
  Misbehaviours set;
  std::string error;  // names the first unknown name and lists the known ones; empty when all are known
};

// Names as given (a scenario's list); duplicates are one.
ParsedMisbehaviours parse_misbehaviours(const std::vector<std::string>& names);
// `unknown misbehaviour "NAME" (known: ...)`: the one wording, for files and flags alike.
std::string unknown_misbehaviour_message(const std::string& name);
// "NAME[,NAME]" (the command line); an empty item is an error.
ParsedMisbehaviours parse_misbehaviour_list(std::string_view text);

}  // namespace rwchaos::harness
