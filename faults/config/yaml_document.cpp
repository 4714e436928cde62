#include "faults/config/yaml_document.hpp"

#include <sstream>
#include <vector>

#include <yaml-cpp/eventhandler.h>

namespace rwchaos::faults::config {
namespace {

// Only where documents start matters; the nodes themselves come from YAML::Load.
class DocumentStarts : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> starts;
  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

bool same_place(const YAML::Mark& a, const YAML::Mark& b) { return a.pos == b.pos && a.line == b.line && a.column == b.column; }

}  // namespace

YamlDocument read_first_yaml_document(const std::string& text) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentStarts handler;
  // Two documents are all a caller needs to know about; a third attempt only detects a stuck parser.
  for (int attempt = 0; attempt < 3 && parser.HandleNextDocument(handler); ++attempt) {
    const auto& starts = handler.starts;
    if (starts.size() >= 2 && same_place(starts[starts.size() - 1], starts[starts.size() - 2]))
      throw YAML::ParserException(starts.back(), "the parser cannot get past this point (a stray ',' or other flow indicator?)");
  }
  YamlDocument document;
  if (handler.starts.empty()) return document;
  document.root = YAML::Load(text);
  if (handler.starts.size() >= 2) document.second_start = handler.starts[1];
  return document;
}

}  // namespace rwchaos::faults::config
