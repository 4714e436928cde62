#include "harness/reports/report_json_fields.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "harness/counts/counts.hpp"
#include "harness/reports/run_report.hpp"

namespace rwchaos::harness {
namespace {

using json = nlohmann::json;

class Checker {
 public:
  Checker(const LocatedJson& doc, const std::string& file) : doc_(doc), file_(file) {}

  [[noreturn]] void fail(const std::string& pointer, const std::string& field, const std::string& message) const {
    const JsonPosition at = doc_.at(pointer);
    throw std::runtime_error(fmt::format("{}:{}:{}: field '{}': {}", file_, at.line, at.column, field, message));
  }

  // The member `key` of the object at `pointer`, or nullptr when absent or null.
  const json* member(const json& object, const std::string& key) const {
    const auto found = object.find(key);
    return found == object.end() || found->is_null() ? nullptr : &*found;
  }

  void string_field(const json& object, const std::string& pointer, const std::string& prefix, const std::string& key,
                    bool required) const {
    const json* value = member(object, key);
    if (value == nullptr) {
      if (required) fail(pointer, prefix + key, "missing");
      return;
    }
    if (!value->is_string()) fail(pointer + "/" + key, prefix + key, "expected a string");
  }

  const json* object_field(const json& object, const std::string& pointer, const std::string& key) const {
    const json* value = member(object, key);
    if (value != nullptr && !value->is_object()) fail(pointer + "/" + key, key, "expected an object");
    return value;
  }

  void counts(const json& counts) const {
    for (const auto& key : count_keys()) {
      const json* value = member(counts, key.name);
      if (value == nullptr) continue;
      const std::string pointer = "/counts/" + key.name, field = "counts." + key.name;
      switch (key.kind) {
        case CountKind::integer:
          if (!value->is_number_unsigned()) fail(pointer, field, "expected a whole number of at least 0");
          break;
        case CountKind::number:
          if (!value->is_number()) fail(pointer, field, "expected a number");
          break;
        case CountKind::list:
          if (!value->is_array()) fail(pointer, field, "expected a list of numbers");
          for (std::size_t i = 0; i < value->size(); ++i)
            if (!(*value)[i].is_number()) fail(fmt::format("{}/{}", pointer, i), fmt::format("{}[{}]", field, i), "expected a number");
          break;
      }
    }
  }

  void checks(const json& checks) const {
    if (!checks.is_array()) fail("/checks", "checks", "expected a list");
    for (std::size_t i = 0; i < checks.size(); ++i) {
      const std::string pointer = fmt::format("/checks/{}", i), field = fmt::format("checks[{}]", i);
      const json& check = checks[i];
      if (!check.is_object()) fail(pointer, field, "expected an object");
      string_field(check, pointer, field + ".", "name", true);
      const json* pass = member(check, "pass");
      if (pass == nullptr) fail(pointer, field + ".pass", "missing");
      if (!pass->is_boolean()) fail(pointer + "/pass", field + ".pass", "expected true or false");
    }
  }

 private:
  const LocatedJson& doc_;
  const std::string& file_;
};

}  // namespace

void check_report_fields(const LocatedJson& doc, const std::string& file) {
  const Checker check(doc, file);
  const json& report = doc.value;
  if (!report.is_object()) check.fail("", "(report)", "expected an object");
  check.string_field(report, "", "", "scenario", true);
  check.string_field(report, "", "", "verdict", true);
  const auto& verdicts = known_verdicts();
  if (std::find(verdicts.begin(), verdicts.end(), report.at("verdict").get<std::string>()) == verdicts.end())
    check.fail("/verdict", "verdict", fmt::format("expected one of {}", fmt::join(verdicts, ", ")));
  if (const json* client = check.object_field(report, "", "client"))
    for (const char* key : {"kind", "binary", "version"}) check.string_field(*client, "/client", "client.", key, false);
  if (const json* rule = check.object_field(report, "", "rule"))
    for (const char* key : {"text", "level", "source"}) check.string_field(*rule, "/rule", "rule.", key, false);
  if (const json* counts = check.object_field(report, "", "counts")) check.counts(*counts);
  if (const json* checks = check.member(report, "checks")) check.checks(*checks);
}

}  // namespace rwchaos::harness
