#include "faults/catalogue/parse_plan.hpp"

#include <map>

#include <fmt/format.h>

#include "faults/catalogue/registry.hpp"
#include "faults/config/closest_word.hpp"

namespace rwchaos::faults::catalogue {
namespace {

using engine::Fault;
using engine::Plan;

std::string unknown_action(const std::string& name) {
  const auto names = action_names();
  const std::string hint = config::closest_word(name, names);
  return fmt::format("unknown action \"{}\"{}; one of {}", name, hint.empty() ? "" : "; did you mean '" + hint + "'?",
                     fmt::join(names, "|"));
}

// The keys of one action's entries: `action`, those its parser asks for, `when`.
const std::vector<std::string>& allowed_keys(std::string_view action) {
  static const auto by_action = [] {
    std::map<std::string_view, std::vector<std::string>> keys;
    for (const auto name : action_names()) {
      auto& list = keys[name] = {"action"};
      for (auto& key : Fields::keys_asked_by([&](Fields& fields) { (*find_action(name))(fields); }))
        list.push_back(std::move(key));
      list.push_back("when");
    }
    return keys;
  }();
  return by_action.at(action);
}

Fault parse_fault(config::YamlReader& reader, const config::Field& entry) {
  Fields fields(reader, entry);
  const auto name = fields.text("action");
  if (!name) fields.fail("action", fmt::format("missing; one of {}", fmt::join(action_names(), "|")));
  const auto* parse = find_action(*name);
  if (!parse) fields.fail("action", unknown_action(*name));
  // Before the parser, which may stop at the first missing key: every unknown key is reported.
  fields.reject_keys_outside(allowed_keys(*name));
  Fault fault;
  fault.action = *name;
  fault.impl = (*parse)(fields);
  const config::Field when = fields.field("when");
  fault.when = parse_when(reader, when);
  if (fault.when.path && !engine::knows_path(fault.stage())) {
    reader.report(config::Field{when.path + ".path", when.value["path"], when.fallback},
                  fmt::format("`{}` acts before the request line is read, so it cannot select by path", *name));
  }
  if (fault.when.idle_for && !engine::knows_idle(fault.stage())) {
    reader.report(config::Field{when.path + ".idle_for", when.value["idle_for"], when.fallback},
                  fmt::format("`{}` acts on a connection, not on a request, so it cannot select by idle_for", *name));
  }
  return fault;
}

}  // namespace

std::vector<Fault> parse_fault_list(config::YamlReader& reader, const config::Field& faults) {
  std::vector<Fault> list;
  if (!faults.value.IsDefined() || faults.value.IsNull()) return list;
  for (const auto& entry : reader.sequence(faults))
    reader.attempt([&] { list.push_back(parse_fault(reader, entry)); });
  return list;
}

void check_fault_list(config::YamlReader& reader, const config::Field& faults) { parse_fault_list(reader, faults); }

Plan parse_plan(std::string_view text, const std::string& file) {
  config::YamlReader reader(file);
  const YAML::Node root = reader.document(std::string(text), "plan");
  Plan plan;
  config::MapFields fields;
  if (root.IsDefined() && !root.IsNull()) {
    reader.attempt([&] {
      fields = reader.map(config::Field{"", root, root.Mark()}, {"seed", "faults"});
      if (const auto* seed = fields.find("seed")) reader.attempt([&] { plan.seed = reader.unsigned_integer(*seed); });
      if (const auto* faults = fields.find("faults")) reader.attempt([&] { plan.faults = parse_fault_list(reader, *faults); });
    });
  }
  reader.throw_if_errors();
  if (!fields.find("faults")) {
    plan.yaml = fmt::format("seed: {}\nfaults: []\n", plan.seed);
    return plan;
  }
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "seed" << YAML::Value << plan.seed << YAML::Key << "faults" << YAML::Value
      << YAML::BeginSeq;
  for (const auto& entry : fields.find("faults")->value) out << YAML::Flow << entry;
  out << YAML::EndSeq << YAML::EndMap;
  plan.yaml = std::string(out.c_str()) + "\n";
  return plan;
}

}  // namespace rwchaos::faults::catalogue
