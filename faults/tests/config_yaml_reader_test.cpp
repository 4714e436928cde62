// The strict reader every user-written YAML goes through: located errors, duplicate and unknown keys
// with hints, wrong types saying what was found, and all of an input's errors, bounded.
#include <gtest/gtest.h>

#include "faults/config/yaml_reader.hpp"

namespace rwchaos::faults::config {
namespace {

std::vector<std::string> lines_of(const YamlReader& reader) { return reader.errors().lines(); }

Field root_of(YamlReader& reader, const std::string& text) {
  return Field{"", reader.document(text, "test"), YAML::Mark()};
}

TEST(ConfigYamlReader, UnknownKeysGetTheClosestKeyAndTheAllowedList) {
  YamlReader reader("r.yaml");
  const MapFields map = reader.map(root_of(reader, "lsot: 1\nlost: 2\nzzz: 3\n"), {"lost", "duplicated"});
  EXPECT_EQ(map.entries().size(), 1u);
  EXPECT_EQ(lines_of(reader), (std::vector<std::string>{
      "r.yaml:1:1: field 'lsot': unknown key; did you mean 'lost'? (allowed: lost, duplicated)",
      "r.yaml:3:1: field 'zzz': unknown key (allowed: lost, duplicated)"}));
}

TEST(ConfigYamlReader, DuplicateKeysAreErrorsAndTheFirstValueStays) {
  YamlReader reader("r.yaml");
  const MapFields map = reader.map(root_of(reader, "a: 1\nb: 2\na: 3\n"), {});
  ASSERT_NE(map.find("a"), nullptr);
  EXPECT_EQ(map.find("a")->value.Scalar(), "1");
  EXPECT_EQ(lines_of(reader), (std::vector<std::string>{"r.yaml:3:1: field 'a': duplicate key (first on line 1)"}));
}

TEST(ConfigYamlReader, WrongTypesSayWhatWasFound) {
  YamlReader reader("r.yaml");
  const MapFields map = reader.map(root_of(reader, "l: {a: 1}\nn: [1]\nb: maybe\nd: 5parsecs\nu: -1\n"), {});
  EXPECT_FALSE(reader.attempt([&] { reader.sequence(*map.find("l")); }));
  EXPECT_FALSE(reader.attempt([&] { reader.number(*map.find("n")); }));
  EXPECT_FALSE(reader.attempt([&] { reader.boolean(*map.find("b")); }));
  EXPECT_FALSE(reader.attempt([&] { reader.duration(*map.find("d")); }));
  EXPECT_FALSE(reader.attempt([&] { reader.unsigned_integer(*map.find("u")); }));
  EXPECT_EQ(lines_of(reader), (std::vector<std::string>{
      "r.yaml:1:4: field 'l': expected a list, got a map",
      "r.yaml:2:4: field 'n': expected a number, got a list",
      "r.yaml:3:4: field 'b': expected true or false, got \"maybe\"",
      "r.yaml:4:4: field 'd': expected a duration like 500ms, 30s or 1m30s, got \"5parsecs\" "
      "(unknown unit \"parsecs\"; units: ms, s, m, h)",
      "r.yaml:5:4: field 'u': expected a whole number >= 0, got \"-1\""}));
}

TEST(ConfigYamlReader, AMissingKeyThatATypoNamedIsOneErrorNotTwo) {
  YamlReader reader("r.yaml");
  const MapFields map = reader.map(root_of(reader, "expcet: 1\n"), {"name", "expect"});
  EXPECT_FALSE(reader.attempt([&] { reader.require(map, "expect"); }));
  EXPECT_FALSE(reader.attempt([&] { reader.require(map, "name"); }));
  EXPECT_EQ(lines_of(reader), (std::vector<std::string>{
      "r.yaml:1:1: field 'expcet': unknown key; did you mean 'expect'? (allowed: name, expect)",
      "r.yaml:1:1: field 'name': required field is missing"}));
}

TEST(ConfigYamlReader, AnAbandonedFieldLetsTheNextOneBeRead) {
  YamlReader reader("r.yaml");
  const MapFields map = reader.map(root_of(reader, "a: x\nb: 2s\n"), {});
  Duration b{0};
  EXPECT_FALSE(reader.if_present(map, "a", [&](const Field& f) { reader.duration(f); }));
  EXPECT_TRUE(reader.if_present(map, "b", [&](const Field& f) { b = reader.duration(f); }));
  EXPECT_FALSE(reader.if_present(map, "c", [&](const Field&) { ADD_FAILURE() << "absent key read"; }));
  EXPECT_EQ(b, Duration(2000));
  EXPECT_EQ(reader.errors().total(), 1u);
  EXPECT_THROW(reader.throw_if_errors(), InvalidInput);
}

TEST(ConfigYamlReader, SyntaxErrorsAndSecondDocumentsAreLocated) {
  YamlReader syntax("r.yaml");
  EXPECT_TRUE(syntax.document("a: {b: 1\n", "test").IsNull());
  EXPECT_EQ(syntax.errors().errors().at(0).line, 2);
  EXPECT_EQ(syntax.errors().errors().at(0).field, "");
  YamlReader two("r.yaml");
  EXPECT_TRUE(two.document("a: 1\n---\na: 2\n", "test").IsNull());
  EXPECT_EQ(two.errors().lines(), (std::vector<std::string>{"r.yaml:2:1: one test per file (found a second YAML document)"}));
  // yaml-cpp 0.7 yields empty documents forever on a stray ',' (jbeder/yaml-cpp#1040): an error, not a hang.
  YamlReader comma("r.yaml");
  comma.document(",a: 1\n", "test");
  EXPECT_EQ(comma.errors().total(), 1u);
}

TEST(ConfigErrorList, SortsByPlaceAndPrintsAtMostTwentyThenTheCount) {
  ErrorList errors;
  for (int line = 30; line >= 1; --line) errors.add(LocatedError{"f.yaml", line, 1, "k", "bad"});
  EXPECT_EQ(errors.total(), 30u);
  const auto lines = errors.lines();
  ASSERT_EQ(lines.size(), ErrorList::shown + 1);
  EXPECT_EQ(lines.front(), "f.yaml:1:1: field 'k': bad");
  EXPECT_EQ(lines[19], "f.yaml:20:1: field 'k': bad");
  EXPECT_EQ(lines.back(), "f.yaml: ... and 10 more errors");
  const InvalidInput thrown(errors);
  EXPECT_EQ(thrown.first().line, 1);
  EXPECT_EQ(std::string(thrown.what()).substr(0, lines.front().size() + 1), lines.front() + "\n");
}

TEST(ConfigErrorList, KeepsAThousandButCountsAll) {
  ErrorList errors;
  for (int i = 0; i < 5000; ++i) errors.add(LocatedError{"f.yaml", i + 1, 1, "", "bad"});
  EXPECT_EQ(errors.total(), 5000u);
  EXPECT_EQ(errors.errors().size(), 1000u);
  EXPECT_EQ(errors.lines().back(), "f.yaml: ... and 4980 more errors");
}

TEST(ConfigLocatedError, PrintsFileLineColumnAndField) {
  EXPECT_EQ((LocatedError{"f", 3, 7, "a.b", "m"}).to_string(), "f:3:7: field 'a.b': m");
  EXPECT_EQ((LocatedError{"f", 3, 7, "", "m"}).to_string(), "f:3:7: m");
  EXPECT_EQ((LocatedError{"f", 0, 0, "name", "m"}).to_string(), "f: field 'name': m");
}

}  // namespace
}  // namespace rwchaos::faults::config
