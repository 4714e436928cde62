#include "faults/catalogue/parse_plan.hpp"

#include <limits>

#include <fmt/format.h>

#include "faults/catalogue/registry.hpp"

namespace rwchaos::faults::catalogue {
namespace {

using engine::Fault;
using engine::Plan;

Fault parse_fault(const YAML::Node& entry, const std::string& file, const std::string& path) {
  Fields fields(entry, file, path);
  const auto name = fields.text("action");
  if (!name) fields.fail("action", fmt::format("missing; one of {}", fmt::join(action_names(), "|")));
  const auto* parse = find_action(*name);
  if (!parse) {
    fields.fail("action", fmt::format("unknown action \"{}\"; one of {}", *name, fmt::join(action_names(), "|")));
  }
  Fault fault;
  fault.action = *name;
  fault.impl = (*parse)(fields);
  fault.when = parse_when(fields.node("when"), file, fields.path("when"));
  if (fault.when.path && !engine::knows_path(fault.stage())) {
    fail_at(fields.node("when")["path"], file, fields.path("when") + ".path",
            fmt::format("`{}` acts before the request line is read, so it cannot select by path", *name));
  }
  fields.reject_unknown_keys();
  return fault;
}

}  // namespace

std::vector<Fault> parse_fault_list(const YAML::Node& faults, const std::string& file, const std::string& prefix) {
  std::vector<Fault> list;
  if (!faults || faults.IsNull()) return list;
  if (!faults.IsSequence()) fail_at(faults, file, prefix, "expected a list of faults");
  for (std::size_t i = 0; i < faults.size(); ++i) {
    list.push_back(parse_fault(faults[i], file, fmt::format("{}[{}]", prefix, i)));
  }
  return list;
}

Plan parse_plan(std::string_view text, const std::string& file) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& error) {
    PlanError plan_error{file, error.mark.line + 1, error.mark.column + 1, "", error.msg};
    throw PlanException(std::move(plan_error));
  }
  Plan plan;
  if (!root || root.IsNull()) {
    plan.yaml = "seed: 0\nfaults: []\n";
    return plan;
  }
  Fields fields(root, file, "plan");
  plan.seed = static_cast<std::uint64_t>(fields.integer("seed", 0, 0, std::numeric_limits<std::int64_t>::max()));
  plan.faults = parse_fault_list(fields.node("faults"), file, "faults");
  fields.reject_unknown_keys();

  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "seed" << YAML::Value << plan.seed << YAML::Key << "faults" << YAML::Value
      << YAML::BeginSeq;
  for (const auto& entry : fields.node("faults")) out << YAML::Flow << entry;
  out << YAML::EndSeq << YAML::EndMap;
  plan.yaml = std::string(out.c_str()) + "\n";
  return plan;
}

std::optional<PlanError> check_fault_list(const YAML::Node& faults, std::string_view file, std::string_view field_prefix) {
  try {
    parse_fault_list(faults, std::string(file), std::string(field_prefix));
  } catch (const PlanException& error) {
    return error.error;
  }
  return std::nullopt;
}

}  // namespace rwchaos::faults::catalogue
